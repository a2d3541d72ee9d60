-- The example at the top of LANGUAGE.md: an LFO-swept bass and a drum loop.
tempo: 0.5
~lfo: sine 0.25
~bass: saw "55 82.5 110" # lpf (~lfo * 2000 + 2500) 0.8
~drums $ s "[bd*4, hh*8, ~ sn ~ sn]" $ every 4 rev
o1: ~bass * 0.1
o2: ~drums * 0.25
out: ~bass * 0.05 + ~drums * 0.05   -- main also carries o1 and o2
