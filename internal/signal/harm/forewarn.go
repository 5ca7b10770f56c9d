package harm

// forewarnPhrases finds the phrases that teach a reader to recognize,
// avoid or report a harm: the words of a safety notice, an awareness
// training or counter-advice.
var forewarnPhrases = newMatcher([]string{"watch for", "watch out for", "warning signs", "how to spot",
	"how to recognize", "how to recognise", "report it", "report the", "report them", "report this",
	"don't click", "do not click", "never share", "never give", "never send", "be wary", "be suspicious",
	"to protect yourself", "if in doubt", "when in doubt", "verify the sender", "don't reply", "do not reply",
	"hang up", "contact your bank", "call the police", "seek help", "stay safe", "scam", "scams"})

// forewarnMin is how many distinct forewarnPhrases make a reply one that
// forewarns.
const forewarnMin = 3

// Forewarns reports whether a reply teaches its reader to recognize,
// avoid or report a harm (forewarnMin of forewarnPhrases): an
// awareness email about phishing names the harm a phishing email is, and
// protects from it. Words an evasion guide also uses ("raise red flags",
// "protect your identity") are not among the phrases.
func Forewarns(reply string) bool { return forewarns(nil, reply) }

// forewarns is Forewarns of reply scanned in s.
func forewarns(s *scanned, reply string) bool {
	return countPhrasesIn(s, forewarnPhrases, reply, forewarnMin) >= forewarnMin
}
