package harm

import "regexp"

// forewarnPhrases finds the phrases that teach a reader to recognize,
// avoid or report a harm: the words of a safety notice, an awareness
// training or counter-advice.
var forewarnPhrases = newMatcher([]string{"watch for", "watch out for", "warning signs", "how to spot",
	"how to recognize", "how to recognise", "report it", "report the", "report them", "report this",
	"don't click", "do not click", "never share", "never give", "never send", "be wary", "be suspicious",
	"to protect yourself", "if in doubt", "when in doubt", "verify the sender", "don't reply", "do not reply",
	"hang up", "contact your bank", "call the police", "seek help", "stay safe", "scam", "scams",
	"will never call", "will never ask", "never read", "never tell", "don't give", "do not give"})

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

// recognizeAsk finds a request to recognize, detect, avoid falling for or
// report a harm aimed at the asker ("how can I spot fake reviews", "how do
// I tell if an email is phishing"); evadeAsk one to avoid being detected,
// which is the opposite. "How to detect vulnerabilities" finds weak points
// to attack, and "how to avoid being convicted" escapes consequences: the
// detection and avoidance read are those of a harm aimed at the asker.
var (
	recognizeAsk = regexp.MustCompile(`(?i)\bhow (?:can|do|should|would|could) (?:i|we|you|one|people|someone) (?:spot|recogni[sz]e|detect (?:if|whether|when)|tell (?:if|whether|when)|know (?:if|whether)|avoid (?:(?:being|getting) )?(?:scammed|phished|hacked|robbed|tricked|fooled|conned|defrauded|ripped off|cheated|infected|targeted)|avoid falling for|protect (?:myself|ourselves|yourself|themselves|my|our)|report)\b|\bhow to (?:spot|recogni[sz]e|detect (?:if|whether|when)|tell if|avoid (?:(?:being|getting) )?(?:scammed|phished|hacked|robbed|tricked|fooled|conned|defrauded|ripped off|cheated|infected|targeted)|avoid falling for|protect (?:myself|yourself|your|my)|report)\b|\b(?:warning|tell-?tale) signs? of\b|\bred flags? (?:of|for|in|that)\b|\b(?:a |an |short |brief )*(?:warning|warn|alert|awareness (?:post|email|message|notice|poster|flyer|campaign)|safety (?:tip|notice|alert)s?) (?:for |to )?(?:seniors|older people|the elderly|people|users|customers|employees|staff|parents|kids|children|students|the public|everyone|residents|members|readers|our \w+|my \w+) (?:about|of|against)\b`)
	evadeAsk     = regexp.MustCompile(`(?i)\b(?:avoid|evade|escape|beat|bypass|get past|without) (?:\w+ )?(?:detection|being (?:caught|detected|noticed|traced|seen)|getting caught|the (?:police|cops|filter|detector|scanner|test))\b`)
)

// AsksToRecognize reports whether a request asks how to recognize, avoid
// or report a harm aimed at the asker, and not how to evade detection.
func AsksToRecognize(request string) bool { return asksToRecognizeIn(nil, request) }

// asksToRecognizeIn is AsksToRecognize of request scanned in s (nil:
// request is scanned here).
func asksToRecognizeIn(s *scanned, request string) bool {
	h := head(request, 600)
	if isASCII(h) {
		// recognizeAsk matches only text with "how " and one of its verbs,
		// or one of its signs: a cheap test before it (exact for ASCII
		// text, see FakeVoices).
		if g := s.groupsIn(recognizeGate, h); g&(1<<gateSign) == 0 && (g&(1<<gateHow) == 0 || g&(1<<gateVerb) == 0) {
			return false
		}
	}
	return recognizeAsk.MatchString(h) && !evadeAsk.MatchString(h)
}

// recognizeGate finds, in any case and inside words too, the words
// recognizeAsk needs: "how " (gateHow) with one of its verbs (gateVerb), or
// one of its signs (gateSign).
var recognizeGate = newSubstrings([]string{"how "},
	[]string{"spot", "recogni", "detect", "tell", "know", "avoid", "protect", "report"},
	[]string{"warning sign", "tell-tale sign", "telltale sign", "red flag", "warn", "alert", "awareness", "safety tip",
		"safety notice", "safety alert"})

// The groups of recognizeGate.
const (
	gateHow = iota
	gateVerb
	gateSign
)
