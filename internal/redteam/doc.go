// Package redteam is faultline's adversarial multi-turn evaluation harness.
//
// It exists to make the eval-versus-production gap measurable for any
// OpenAI-compatible model endpoint: the same behaviours are attacked under an
// offline profile (1-3 turns, templated, short clean context) and a
// production profile (10+ turns, long noisy context, an attacker whose next
// turn depends on whether the target refused), every target reply is judged
// by the built-in detectors on the whole transcript, and the results are
// summarised as worst-case metrics (attack success rate per behaviour x
// strategy with a max-over-strategies column, ASR@k, pass^k, queries to first
// failure, ASR by turn depth and by context length, over-refusal on a benign
// suite) with bootstrap confidence intervals. Every attack is kept as a
// transcript in the scan input format, so a red-team run is also a
// regression suite and `faultline scan` input.
package redteam
