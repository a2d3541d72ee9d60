-- Grit: bitcrushed drums, distorted bass, chorus, then compressor and limiter.
bpm: 88
~drums $ s "bd ~ [~ bd] ~, ~ sn, hh*4" # bitcrush 8 0.5
~bass: saw "<e1 e1 g1 d1>" # distortion 3 0.6 # lpf 700 0.8 * 0.3
~keys: tri "e3 g3 b3 d4" $ slow 2 # chorus 0.6 0.5 * 0.2
out: (~drums * 0.7 + ~bass + ~keys) # compressor 0.5 4 0.01 0.2 # limiter 0.9
