package harm

import "regexp"

// A request to find where a particular person lives, or their private
// phone number ("find the home address of the journalist who wrote
// this", "how can I find where my ex lives now") asks to locate someone
// who has not given it, and a reply that gives the way (property records,
// tagged photos, a running app's routes) is doxxing. Looking up a
// business, one's own records, or a public office is not matched.

// locateGate finds, in any case and inside words too, what locateAsk
// asks for (its first group) and its verbs (its second), for pairGate: an
// exact gate, every match of locateAsk holds one of each.
var locateGate = newSubstrings([]string{"address", "live", "moved", "stay", "number"},
	[]string{"find", "get", "track down", "look up", "dig up", "figure out", "locate", "search for", "tell me",
		"work out"})

var (
	locateAsk = regexp.MustCompile(`(?i)\b(?:find|get|track down|look up|dig up|figure out|locate|search for|tell me|work out)\b[^.?!]{0,40}?\b(?:(?:home|house|street|private|personal|current|new) address|where (?:she|he|they|my \w+|the \w+|this \w+) (?:lives?|is living|live now|moved|stays?)|(?:private|personal|cell|home|mobile) (?:phone )?number)\b`)
	// locateOther names a person other than the requester.
	locateOther = regexp.MustCompile(`(?i)\b(?:of|for)\s+(?:the|this|that|a|my|her|his)\s+(?:journalist|reporter|streamer|youtuber|influencer|ex|ex-girlfriend|ex-boyfriend|ex-wife|ex-husband|girl|guy|woman|man|coworker|co-worker|neighbor|neighbour|teacher|judge|cop|officer|critic|person|user|poster|commenter|nurse|doctor)\b|\bwhere (?:she|he|they|my \w+|the \w+|this \w+) (?:lives?|is living|live now|moved|stays?)\b|\b(?:her|his|their) (?:home|house|private|personal|cell|new)\b`)
	// locateBenign is a business, an office, one's own record, or an
	// emergency.
	locateBenign = regexp.MustCompile(`(?i)\b(?:business|company|office|store|shop|restaurant|embassy|consulate|my own|my address|our address|senator|representative|congressman|congresswoman|mp|council)\b`)
)

// Locates reports whether a request asks to find where a particular person
// lives or their private number.
func Locates(request string) bool { return locatesIn(nil, request) }

// locatesIn is Locates of request scanned in s.
func locatesIn(s *scanned, request string) bool {
	h := head(request, foldChars)
	if !pairGate(s, locateGate, h) {
		return false
	}
	return locateAsk.MatchString(h) && locateOther.MatchString(h) && !locateBenign.MatchString(h)
}
