-- Cutting samples up: chop, striate, slice and loopAt.
cps: 0.5
~arp $ s "arpy*2 arpy:2" $ chop 4 $ every 2 (fast 2)
~bass $ s "bass:1" $ loopAt 2 $ chop 8
~sliced $ s "arpy:3" $ slice 4 "0 2 1 3" # gain 0.7
~str $ s "cp" $ striate 4 # speed 1.5
out: ~arp * 0.35 + ~bass * 0.4 + ~sliced * 0.3 + ~str * 0.2
