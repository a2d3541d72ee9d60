-- Euclidean rhythms and polymeters, ping-ponged.
bpm: 118
~kick $ s "bd(<3 5>,8,<0 2>)"
~rims $ s "{rim rim cb, lt mt ht lt mt}%8" # gain 0.6 $ sometimesBy 0.4 (# speed 1.5)
~toms $ s "[lt mt ht](3,8,1)" $ euclidOff 3 8 2 # gain 0.7
out: ~kick * 0.45 + (~rims + ~toms) * 0.3 # pingpong 0.375 0.45 0.35
