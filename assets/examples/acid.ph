-- An acid line: saw into a resonant ladder filter swept by an LFO, per-cycle envelope.
bpm: 130
~lfo: sine 0.125
~line: saw "a1 a1 a2 a1 c2 a1 g1 a2" # moog_ladder (~lfo * 1200 + 1500) 0.7
~amp: adsr 0.005 0.1 0.6 0.1
~kick $ s "bd*4"
out: ~line * ~amp * 0.35 + ~kick * 0.8
