-- Noise colours, band-passed and pulsed.
cps: 0.3
~wind: pink_noise # bpf (range 300 2400 (sine 0.07)) 3
~rumble: brown_noise # lpf 180 0.7
~hiss: white_noise # hpf 7000 0.7 * 0.05 # tremolo 6 0.8
out: ~wind * 0.4 + ~rumble * 0.5 + ~hiss
