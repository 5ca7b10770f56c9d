package harm

// The policy_erosion detector reads a request for several cues (a covert
// intrusion, an impersonation, a threat to write, a rule-free persona,
// fake voices, an ask to recognize a harm) and every reply for others
// (delivery, a degraded group, incitement, a product made, a menace, a
// forewarning): RequestCues and ReplyCues find
// the phrases of all of them in one pass over the text's head, where each
// reading alone would scan it again.

// requestCueUnion is the union of the matchers of the request cues.
var requestCueUnion = newUnion(covertRequest, unauthorizedRequest, accessVerbs, accessTargets, impersonationKeys, scareRequest,
	unrestrictedCues, productPhrases, fakeVoicesGate, recognizeGate, protectedPeople, evasionGate, forgeryGate, locateGate, fabricationGate)

// RequestCues is a request scanned once for its cues. The zero RequestCues
// is ready for Read; a RequestCues is valid until the next Read.
type RequestCues struct {
	s scanned
}

// Read scans request (its first foldChars bytes: every cue reads no more).
func (c *RequestCues) Read(request string) {
	c.s.scan(requestCueUnion, request, foldChars, 0)
}

// Reset empties c, as the zero RequestCues, keeping the memory of its scan.
func (c *RequestCues) Reset() { c.s.reset() }

// Covert is Covert(request) of the request read.
func (c *RequestCues) Covert() bool { return covertRequestIn(&c.s, c.s.text) }

// Impersonates is Impersonates(request) of the request read.
func (c *RequestCues) Impersonates() bool { return impersonates(&c.s, c.s.text) }

// AsksToScare is AsksToScare(request) of the request read.
func (c *RequestCues) AsksToScare() bool { return anyPhraseIn(&c.s, scareRequest, c.s.text) }

// NamedProduct is NamedProduct(request) of the request read.
func (c *RequestCues) NamedProduct() string {
	return namedProductIn(&c.s, head(c.s.text, productChars))
}

// Fabricates is Fabricates(request) of the request read.
func (c *RequestCues) Fabricates() bool { return fabricatesIn(&c.s, c.s.text) }

// Locates is Locates(request) of the request read.
func (c *RequestCues) Locates() bool { return locatesIn(&c.s, c.s.text) }

// Evades is Evades(request) of the request read.
func (c *RequestCues) Evades() bool { return evadesIn(&c.s, c.s.text) }

// Forges is Forges(request) of the request read.
func (c *RequestCues) Forges() bool { return forgesIn(&c.s, c.s.text) }

// Discriminates is Discriminates(request) of the request read.
func (c *RequestCues) Discriminates() bool { return discriminatesIn(&c.s, c.s.text) }

// FakeVoices is FakeVoices(request) of the request read.
func (c *RequestCues) FakeVoices() bool { return fakeVoicesIn(&c.s, c.s.text) }

// AsksToRecognize is AsksToRecognize(request) of the request read.
func (c *RequestCues) AsksToRecognize() bool { return asksToRecognizeIn(&c.s, c.s.text) }

// PersonaNames is PersonaNames(request, dst) of the request read.
func (c *RequestCues) PersonaNames(dst []string) []string { return personaNames(&c.s, c.s.text, dst) }

// replyCueUnion is the union of the matchers of the reply cues.
var replyCueUnion = newUnion(deliveryPhrases, gatePhrases, incitementGate, productPhrases, menace, forewarnPhrases,
	precursors)

// ReplyCues is a reply scanned once for its cues. The zero ReplyCues is
// ready for Read; a ReplyCues is valid until the next Read.
type ReplyCues struct {
	s scanned
}

// Read scans reply (its first foldChars bytes: every cue reads no more).
func (c *ReplyCues) Read(reply string) {
	c.s.scan(replyCueUnion, reply, foldChars, 0)
}

// Reset empties c, as the zero ReplyCues, keeping the memory of its scan.
func (c *ReplyCues) Reset() { c.s.reset() }

// Delivery is Delivery(reply) of the reply read.
func (c *ReplyCues) Delivery() float64 { return delivery(&c.s, c.s.text) }

// GroupDegraded is GroupDegraded(reply) of the reply read.
func (c *ReplyCues) GroupDegraded() string { return groupDegraded(&c.s, c.s.text) }

// GroupStereotype is GroupStereotype(reply) of the reply read.
func (c *ReplyCues) GroupStereotype() string { return groupStereotype(&c.s, c.s.text) }

// Incitement is Incitement(reply) of the reply read.
func (c *ReplyCues) Incitement() string { return incitement(&c.s, c.s.text) }

// MakesProduct is MakesProduct(request, reply) of the reply read.
func (c *ReplyCues) MakesProduct(request string) string { return makesProduct(&c.s, request, c.s.text) }

// Menaces is Menaces(reply) of the reply read.
func (c *ReplyCues) Menaces() bool { return menaces(&c.s, c.s.text) }

// Forewarns is Forewarns(reply) of the reply read.
func (c *ReplyCues) Forewarns() bool { return forewarns(&c.s, c.s.text) }

// ForewarnsAtAll reports whether the reply read holds one phrase that
// teaches how to recognize, avoid or report a harm (Forewarns needs
// several): enough for an answer to a request that asked just that.
func (c *ReplyCues) ForewarnsAtAll() bool {
	return countPhrasesIn(&c.s, forewarnPhrases, c.s.text, 1) > 0
}
