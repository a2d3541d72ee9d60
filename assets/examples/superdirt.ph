-- Tidal lines as they are: control patterns, SuperDirt's per-voice controls and orbits.
setcps (132/60/4)
d1 $ n "0 .. 7" # s "arpy" # cutoff "<800 2400>" # resonance 0.1 # room 0.3 # size 0.8 # pan sine # gain 0.25
d2 $ s "bd*2 [~ bd] [~ bd]" # shape 0.3 # orbit 1 # gain 0.45
d3 $ s "~ cp" # delay 0.4 # delaytime 0.1818 # delayfeedback 0.45 # orbit 1 # gain 0.35
d4 $ n "<0 3> [7 5]" # s "saw" # octave 3 # cutoff 600 # lpenv 3 # legato 0.8 # vowel "<a o>" # gain 0.4
d5 $ sometimesBy 0.3 (# crush 5) $ s "hh*8" # cut 1 # hcutoff 5000 # pan saw # gain 0.3
