-- SuperDirt-style synths, played from patterns like samples.
bpm: 120
~drums $ s "superkick*4, ~ supersnare, superhat*8" # gain 0.9
~stab $ s "~ supersaw ~ superpwm" # note "<0 3 7 5>" # gain 0.5
~chip $ s "superchip*8" # note "0 12 7 12" # gain 0.3
~fmkeys $ s "superfm(3,8)" # note "<-5 -12>"
out: ~drums * 0.4 + ~stab * 0.3 + ~chip * 0.2 + ~fmkeys * 0.2
