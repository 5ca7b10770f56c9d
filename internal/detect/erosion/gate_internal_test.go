package erosion

import "testing"

// TestMentionsRiskCoversPhrases checks the gate of asksIfSafe: every safety
// phrase holds one of its words, so that the gate never hides a question.
func TestMentionsRiskCoversPhrases(t *testing.T) {
	for _, p := range safetyPhrases {
		if !mentionsRisk([]byte(p)) {
			t.Errorf("mentionsRisk(%q) = false: add a word of the phrase to the gate", p)
		}
	}
}
