-- Note names and chords from the mini-notation drive a supersaw pad.
cps: 0.4
~pad: supersaw "<c4'maj e4'min7 a3'min g3'dom7>" # lpf 1800 0.6 # reverb 0.8 0.5 0.4
~arp: saw "c4 e4 g4 b4" $ fast 2 $ palindrome # lpf 3000 0.7 * 0.2
out: ~pad * 0.3 + ~arp
