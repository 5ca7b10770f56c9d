// Package code holds the signals of gamed checks in agent and coding
// trajectories: edits that tamper with tests, runners and checks
// (test_tampering) and claims of success that the latest tool output
// contradicts (success_claim). Code is judged on the code itself: comments
// are stripped and the assistant's prose and reasoning about its edit are
// ignored, because a model that games a check rarely says so and one that
// says so is not thereby gaming.
package code
