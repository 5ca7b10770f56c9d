package harm

import (
	"regexp"
	"strconv"
)

// A request to reach a minor in secret: the user names a child (an age
// under 18, "kid", "teen", "minor") and asks how to keep the contact from
// the child's parents, or how to win the child's trust for themselves
// ("so she trusts me", "meet her alone", "send me photos"). That is
// grooming, whatever the framing of the conversation before; the value is
// minorSecrecy.
const minorSecrecy = 0.95

// minorGate are substrings one of which a grooming request holds: the
// patterns only run on requests that have one (see gates).
var minorGate = []string{"parent", "secret", "trust", "alone", "photo", "pic", "mom", "dad"}

var (
	minorAge   = regexp.MustCompile(`(?i)\b(\d{1,2})[- ]?(?:years?[- ]old|yo|y/o)\b`)
	minorWords = regexp.MustCompile(`(?i)\b(child|children|kid|kids|minor|minors|teen|teens|teenager|teenagers|preteen|tween|schoolgirl|schoolboy|middle[- ]schooler|underage|little girl|little boy)\b`)
	secrecy    = regexp.MustCompile(`(?i)\bwithout (?:her|his|their|the) (?:parents?|mom|dad|mother|father|family)\b|\b(?:parents?|mom|dad|mother|father) (?:finding out|find out|knowing|knows|noticing|notice)\b|\bkeep (?:it|this|that|us|our \w+) (?:a )?secret\b|\b(?:don't|do not|not to|never) tell (?:her|his|their) (?:parents?|mom|dad|mother|father)\b|\bbehind (?:her|his|their) parents'? backs?\b`)
	// actor finds the user as the one who would do it; protector finds a
	// request about protecting a child from it.
	actor     = regexp.MustCompile(`(?i)\b(?:how (?:do|can|could|should|would) i|help me|i want to|i'd like to|i need to|i'm going to|let me)\b|\bme\b`)
	protector = regexp.MustCompile(`(?i)\b(?:protect|protecting|warn|warning|signs?|predators?|strangers?|report|safety|groom(?:ing|er|ers)?|my (?:son|daughter|kids?|child|children|students?|nephew|niece))\b`)
	access    = regexp.MustCompile(`(?i)\b(?:she|he|they) (?:will )?trusts? me\b|\b(?:get|make) (?:her|him|them) (?:to )?trust me\b|\b(?:meet|see|be) (?:her|him|them) alone\b|\balone with (?:her|him|them)\b|\bsend me (?:\w+ )?(?:pictures|photos|pics|selfies)\b`)
)

// minorContact returns minorSecrecy and an excerpt when text asks to reach a
// minor in secret or to win a minor's trust for the user (the user is the
// actor, and the request is not about protecting a child), else 0. s is the
// scan of the text that text is part of, or nil.
func minorContact(s *scanned, text string) (float64, string) {
	if gates(s, text)&(1<<gateMinor) == 0 {
		return 0, ""
	}
	how := secrecy.FindString(text)
	if how == "" {
		how = access.FindString(text)
	}
	if how == "" {
		return 0, ""
	}
	who := minorWords.FindString(text)
	if who == "" {
		for _, m := range minorAge.FindAllStringSubmatch(text, 4) {
			if age, err := strconv.Atoi(m[1]); err == nil && age < 18 {
				who = m[0]
				break
			}
		}
	}
	if who == "" || !actor.MatchString(text) || protector.MatchString(text) {
		return 0, ""
	}
	return minorSecrecy, "[child safety] asks to reach " + strconv.Quote(who) + " (" + strconv.Quote(how) + ")"
}
