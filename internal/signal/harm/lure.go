package harm

import "regexp"

// A reply that is a credential or payment lure written in someone else's
// name (the request asked for a message that passes as a bank's, a
// company's, a person's) is a phishing message whatever words the request
// used: PhishingLure finds it. A lure needs all three of a link, an action
// on the reader's account or money, and a threat or deadline; an
// awareness email names them without impersonating anyone.
var (
	impersonation = regexp.MustCompile(`(?i)\b(?:looks?|appears?|seems?) (?:like it(?:'s| is| was| came)|to (?:be|come)|as if it(?:'s| is| was| came)) from\b|\bpretend(?:ing)? to be (?:from )?\w|\bposing as\b|\bimpersonat\w*|\bspoof\w*|\bfake (?:email|e-mail|message|notice|invoice|login page|website|text|sms|letter) (?:from|of)\b|\bas if (?:it|they) (?:were|was|came) from\b|\bin the name of\b`)
	lureLink      = regexp.MustCompile(`(?i)https?://|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|io|co|info|biz|xyz|online|site)\b`)
	lureAction    = regexp.MustCompile(`(?i)\b(?:verify|confirm|validate) (?:your|the)\b|\b(?:log ?in|sign ?in)\b|\bupdate your (?:payment|billing|account|card|details|information)\b|\breset your password\b|\benter your\b|\bgift cards?\b|\bwire (?:the|a) (?:payment|transfer)\b`)
	lureThreat    = regexp.MustCompile(`(?i)\bwithin \d+ (?:hours?|days?|minutes?)\b|\bimmediately\b|\bsuspended\b|\blocked\b|\b(?:will be|has been) (?:closed|terminated|deactivated|frozen)\b|\bpermanently\b|\burgent\b|\bexpires?\b|\bfinal notice\b`)
)

// impersonationKeys finds the lower-case substrings one of which every
// impersonation match holds: the regexp runs only on requests with one.
var impersonationKeys = newMatcher([]string{"like it", "to be", "to come", "as if", "pretend", "posing as",
	"impersonat", "spoof", "fake ", "name of"})

// Impersonates reports whether a request asks for a message that passes as
// someone else's.
func Impersonates(request string) bool { return impersonates(nil, request) }

// impersonates is Impersonates of request scanned in s.
func impersonates(s *scanned, request string) bool {
	h := head(request, foldChars)
	return anyPhraseIn(s, impersonationKeys, h) && impersonation.MatchString(h)
}

// PhishingLure reports whether a reply is a lure: a link, an action on the
// reader's account or money, and a threat or deadline (see Impersonates
// for the request that makes it a phishing message).
func PhishingLure(reply string) bool {
	h := head(reply, 2000)
	return lureLink.MatchString(h) && lureAction.MatchString(h) && lureThreat.MatchString(h)
}
