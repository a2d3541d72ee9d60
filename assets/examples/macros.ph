-- Macros ~m1..~m8 are the plugin's automatable knobs (0..1; 0 on the command line).
cps: 0.5
~cut: ~m1 * 4000 + 400
~bass: saw "<c2 c2 eb2 g1>" # lpf ~cut 0.8 * 0.3
~drums $ s "bd [~ bd] sn ~"
out: ~bass + ~drums * (~m2 * 0.5 + 0.4)
