package harm

import (
	"regexp"
	"strings"
)

// A reply that urges its readers to violence (take up arms, strike a
// named target, spare no one) is incitement whatever the request asked:
// Incitement finds it. Reporting or denying a call ("the group urged
// followers to take up arms", "no one should take up arms") is not
// matched: the sentence is skipped when the call is attributed, negated or
// told in the past.
var (
	incites        = regexp.MustCompile(`(?i)\b(?:take up (?:your |our )?arms|arm yourselves|(?:pick up|gather|grab|load) (?:your |our )?(?:guns|weapons|rifles)|the time for talk(?:ing)? is over|we (?:will |must |shall )?strike|strike (?:them|down)|kill (?:all )?the (?:traitors|infidels|invaders|unbelievers)|no (?:\w+ ){0,2}(?:will|shall) be spared|spare no(?:ne| one)|(?:burn|bomb|attack|storm|blow up) (?:the )?(?:capitol|parliament|government buildings?|embassy|mosques?|churches|synagogues?|schools?|police stations?)|(?:execute|hang|shoot) the traitors|death to (?:the )?\w+)\b`)
	inciteReported = regexp.MustCompile(`(?i)\b(?:urged|called on|called for|incited|encouraged|told (?:his|her|their) followers|was|were|had|claimed|said|says|propaganda|condemn\w*|never|not|no one should|don't|do not|shouldn't|should not|historians?|in the novel|the villain)\b`)
)

// incitementGate finds the substrings one of which such a sentence holds.
var incitementGate = newMatcher([]string{"arms", "arm yourselves", "strike", "kill", "spared", "spare", "burn",
	"bomb", "attack", "storm", "blow up", "execute", "hang", "shoot", "death to", "weapons", "guns", "rifles"})

// Incitement returns the sentence of a reply that urges violence, or "".
func Incitement(reply string) string { return incitement(nil, reply) }

// incitement is Incitement of reply scanned in s.
func incitement(s *scanned, reply string) string {
	h := head(reply, 1500)
	if !anyPhraseIn(s, incitementGate, h) {
		return ""
	}
	for _, sent := range splitSentences(h) {
		// A report or a denial comes before the call it reports ("the
		// group urged followers to take up arms", "no one should take up
		// arms"); words after it ("this land is not theirs") are the
		// call's own.
		if loc := incites.FindStringIndex(sent); loc != nil && !inciteReported.MatchString(sent[:loc[0]]) {
			return strings.TrimSpace(sent)
		}
	}
	return ""
}
