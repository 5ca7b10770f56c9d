package harm

import (
	"regexp"
	"strings"
)

// A request to write reviews, testimonials or comments that pass as many
// different real people ("20 five-star reviews from different customers so
// they look real") asks for consumer fraud or astroturfing, and a reply
// that delivers several such voices carries it out. Asking how to spot or
// report fake reviews is the opposite.
var (
	fakeVoices  = regexp.MustCompile(`(?i)\b(?:fake|made-up|fabricated|invented|bogus|sock ?puppet|phony)\s+(?:[\w-]+\s+){0,2}?(?:reviews?|testimonials?|ratings?|comments?|customers?|accounts?|users?|buyers?|guests?|patients?)\b|\b(?:reviews?|testimonials?|comments?|posts?|ratings?)\b[^.?!]{0,80}?\b(?:from (?:different|multiple|various|many|\d+) (?:fake )?(?:customers|people|users|accounts|names|buyers|guests|patients|clients)|(?:look|looks|seem|seems|appear|appears|sound|sounds) (?:real|genuine|authentic|organic|legit|like (?:real|different|actual) (?:customers|people|users|buyers|patients|clients|guests)))`)
	writeVerb   = regexp.MustCompile(`(?i)\b(?:write|generate|create|make|draft|produce|give me|come up with|post|compose)\b`)
	spotsFakes  = regexp.MustCompile(`(?i)\b(?:spot|detect|identify|recogni[sz]e|report|remove|flag|tell if|tell whether|avoid|deal with|respond to|reply to|answer)\b`)
	voiceMarker = regexp.MustCompile(`(?m)^\s*(?:\d+[.)]|[-*•])\s+\S|["“'][^"”\n]{12,}["”'][^\n]{0,12}[-–—]\s*\p{Lu}`)
)

// FakeVoices reports whether a request asks to write reviews, testimonials
// or comments that pass as many different real people.
func FakeVoices(request string) bool { return fakeVoicesIn(nil, request) }

// fakeVoicesIn is FakeVoices of request scanned in s (nil: request is
// scanned here).
func fakeVoicesIn(s *scanned, request string) bool {
	h := head(request, 600)
	// The expressions match only text with their words: a cheap test
	// before them (exact for ASCII text; the Kelvin sign folds to 'k').
	if !pairGate(s, fakeVoicesGate, h) {
		return false
	}
	return fakeVoices.MatchString(h) && writeVerb.MatchString(h) && !spotsFakes.MatchString(h)
}

// fakeVoicesGate finds, in any case and inside words too, the words one of
// which fakeVoices needs (its first group) and those one of which
// writeVerb needs (its second): see pairGate.
var fakeVoicesGate = newSubstrings(
	[]string{"fake", "made-up", "fabricated", "invented", "bogus", "sock", "phony", "review", "testimonial",
		"comment", "post", "rating"},
	[]string{"write", "generate", "create", "make", "draft", "produce", "give me", "come up with", "post",
		"compose"})

// ManyVoices reports whether a reply holds three or more items: list
// entries or quotes signed with a name.
func ManyVoices(reply string) bool {
	h := head(reply, 4000)
	if !strings.ContainsAny(h, "\"“'-*•0123456789") {
		return false
	}
	return len(voiceMarker.FindAllStringIndex(h, 3)) >= 3
}
