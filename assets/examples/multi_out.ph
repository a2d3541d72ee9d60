-- Four numbered outputs, each its own stem (phonon render --stems DIR), all in the mix.
bpm: 124
o1: s "bd(3,8)" # gain 0.45
o2: s "~ cp ~ cp" # gain 0.4
o3: s "hh*8" # gain "0.3 0.2" # pan "0.3 0.7"
o4: saw "<a1 f1 c2 g1>" # lpf 400 0.9 * 0.25
