package harm

// The policy_erosion detector reads a request for several cues (a covert
// intrusion, an impersonation, a threat to write, a rule-free persona):
// RequestCues finds the phrases of all of them in one pass over the
// request's head, where each reading alone would scan it again.

// requestCueUnion is the union of the matchers of the request cues.
var requestCueUnion = newUnion(covertRequest, accessVerbs, accessTargets, impersonationKeys, scareRequest,
	unrestrictedCues)

// RequestCues is a request scanned once for its cues. The zero RequestCues
// is ready for Read; a RequestCues is valid until the next Read.
type RequestCues struct {
	s scanned
}

// Read scans request (its first foldChars bytes: every cue reads no more).
func (c *RequestCues) Read(request string) {
	c.s.scan(requestCueUnion, request, foldChars, 0)
}

// Covert is Covert(request) of the request read.
func (c *RequestCues) Covert() bool { return covertRequestIn(&c.s, c.s.text) }

// Impersonates is Impersonates(request) of the request read.
func (c *RequestCues) Impersonates() bool { return impersonates(&c.s, c.s.text) }

// AsksToScare is AsksToScare(request) of the request read.
func (c *RequestCues) AsksToScare() bool { return anyPhraseIn(&c.s, scareRequest, c.s.text) }

// PersonaNames is PersonaNames(request, dst) of the request read.
func (c *RequestCues) PersonaNames(dst []string) []string { return personaNames(&c.s, c.s.text, dst) }
