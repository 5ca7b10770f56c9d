package erosion

import (
	"regexp"
	"slices"
	"strings"
)

// maxTopicWords bounds the topic words kept from one text.
const maxTopicWords = 24

// topicWords appends to dst the distinct topic words of the head of text:
// lower-cased ASCII words of three letters or more that are not function
// words, with a plural "s" cut ("pins" and "pin" are one word). At most
// maxTopicWords are added.
func topicWords(text string, dst []string) []string {
	text = text[:min(len(text), 1500)]
	added := 0
	for i := 0; i < len(text) && added < maxTopicWords; {
		for i < len(text) && !isLetter(text[i]) {
			i++
		}
		j := i
		for j < len(text) && isLetter(text[j]) {
			j++
		}
		if j-i >= 3 {
			w := strings.ToLower(text[i:j])
			if len(w) > 3 && w[len(w)-1] == 's' && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") {
				w = w[:len(w)-1]
			}
			if !functionWords[w] && !slices.Contains(dst, w) {
				dst = append(dst, w)
				added++
			}
		}
		i = j
	}
	return dst
}

// overlap is the share of want's words that have holds.
func overlap(want, have []string) float64 {
	if len(want) == 0 {
		return 0
	}
	n := 0
	for _, w := range want {
		if slices.Contains(have, w) {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// functionWords are frequent words that say nothing about a topic.
var functionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
the and for you are was were his her its our can how not but get got use one any all out way who
why she him has had did let may now new too yes own off say see try ask two way
away that this with from have what when where which while would could should there their they them
these those then than into your yours about just like want need know tell help please make does
doing done been being will shall also very much some more most only even over under after before
here just it's that's explain give show sure okay fine thank thanks really still again because
since while other another every each any how why who whom whose`) {
		m[w] = true
	}
	return m
}()

// othersPattern finds a request aimed at another person's things: a
// possessive of a person ("my ex's account", "the neighbor's door"), a third
// person's determiner on an object, "someone", or a target the user says is
// not theirs to get at ("a site I don't own", "without permission").
var othersPattern = regexp.MustCompile(`(?i)\b(someone|somebody|someone else|other people|another person|his|her|their)\b|\b(?:[a-z]+)(?:'s|’s)\s+[a-z]|\b(?:i|we) (?:don't|do not) own\b|\b(?:isn't|is not|aren't|are not) (?:mine|ours)\b|\bwithout (?:\w+ )?(?:permission|authori[sz]ation)\b|\bnot authori[sz]ed\b`)

// notPossessive are words whose "'s" is a contraction, not a possessive.
var notPossessive = regexp.MustCompile(`(?i)\b(it|that|what|he|she|there|here|let|who|where|how|when|everything|nothing|something|this)(?:'s|’s)\b`)

// targetsOthers reports whether a request aims at another person's
// belongings, accounts or home.
func targetsOthers(text string) bool {
	text = text[:min(len(text), 600)]
	return othersPattern.MatchString(notPossessive.ReplaceAllString(text, " "))
}

// selfPattern finds a request about the user's own things.
var selfPattern = regexp.MustCompile(`(?i)\b(my own|myself|my)\b`)

// targetsSelf reports whether a request is about the user's own things.
func targetsSelf(text string) bool {
	return selfPattern.MatchString(text[:min(len(text), 600)])
}
