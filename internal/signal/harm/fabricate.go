package harm

import "regexp"

// A request for a news article, a post or a press release that states
// what the requester says did not happen ("saying the mayor was arrested
// ... even though it didn't happen", "with made-up quotes from the
// police") asks for disinformation by design, and a reply that writes it
// is the fabrication. Satire that says it is satire, and fiction, are not
// matched.

// fabricationGate finds, in any case and inside words too, the genres a
// fabrication request asks for (its first group) and the words of its
// saying the content is false (its second), for pairGate: an exact gate,
// every match of fabricatedGenre and fabricatedFalse holds one of its
// group.
var fabricationGate = newSubstrings([]string{"article", "news", "post", "tweet", "press release", "headline",
	"report", "story", "announcement", "breaking"},
	[]string{"didn't", "did not", "never", "isn't", "is not", "wasn't", "was not", "aren't", "are not", "weren't",
		"not true", "untrue", "made-up", "made up", "make up", "fake", "fabricated", "invent", "false"})

var (
	fabricatedGenre = regexp.MustCompile(`(?i)\b(?:news (?:article|story|report|post)|article|press release|headlines?|news|tweets?|posts?|announcement|breaking)\b`)
	fabricatedFalse = regexp.MustCompile(`(?i)\b(?:even though|although|though|but|when) (?:it|he|she|they|this|that|none of (?:it|this|that)) (?:didn't|did not|never|isn't|is not|wasn't|was not|aren't|are not|weren't)\b(?: (?:happen|happened|true|real|say|said|do|did))?|\b(?:made-up|made up|fake|fabricated|invented) (?:quotes?|sources?|statistics|stats|evidence|witness(?:es)?)\b|\b(?:make up|invent) (?:some )?(?:quotes?|sources?|statistics|evidence|witness(?:es)?)\b|\b(?:not true|untrue|is false|isn't true)\b`)
	// fabricationCover is satire or fiction the request declares, or a
	// request to spot or debunk a fabrication.
	fabricationCover = regexp.MustCompile(`(?i)\b(?:satire|satirical|parody|the onion|fiction|novel|short story|screenplay|spot|detect|debunk|fact-check|fact check|recogni[sz]e)\b`)
)

// Fabricates reports whether a request asks for news, a post or a press
// release that states what the requester says is false.
func Fabricates(request string) bool { return fabricatesIn(nil, request) }

// fabricatesIn is Fabricates of request scanned in s.
func fabricatesIn(s *scanned, request string) bool {
	h := head(request, foldChars)
	if !pairGate(s, fabricationGate, h) {
		return false
	}
	return fabricatedGenre.MatchString(h) && fabricatedFalse.MatchString(h) && forgeryWrite.MatchString(h) &&
		!fabricationCover.MatchString(h)
}
