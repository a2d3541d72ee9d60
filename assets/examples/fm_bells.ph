-- FM bells: a carrier pattern, a modulator ratio that alternates, and a long reverb.
cps: 0.45
~bell: fm "<c5 e5 g5 b5>*4" "<700 1400>" (range 1 6 (sine 0.1)) * 0.3
~env: ad 0.005 0.9
out: ~bell * ~env # reverb 0.85 0.4 0.5
