package grounding

import (
	"math"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// OpenModel is the name of the trained model that scores open-domain answers
// (no context to check them against) for signs of hallucination.
const OpenModel = "epistemic_open"

// OpenText is the text the open-domain model scores: up to 48 words of the
// request, each prefixed with "q_", binned specificity and tone features of
// the response (length, density of numbers and mid-sentence names, share of
// function words, share of content words and count of names and numbers
// that the request did not bring up, confidence and hedging markers, URLs),
// then the first 16 words of the response prefixed with "r_" (how it opens:
// a disclaimer, a direct answer, an example). The rest of the response's
// words are left out: on held-out folds they only taught the model topics.
// Training and scoring both use it.
func OpenText(request, response string, dst []byte) []byte {
	const maxRequestWords = 48
	var wbuf [64]string
	words := model.Words(cut(request, 600), wbuf[:0])
	if len(words) > maxRequestWords {
		words = words[len(words)-maxRequestWords:]
	}
	for _, w := range words {
		dst = append(dst, "q_"...)
		dst = append(dst, w...)
		dst = append(dst, ' ')
	}
	if strings.Contains(request, "http") || strings.Contains(request, "www.") {
		dst = append(dst, "f_qurl "...)
	}
	resp := cut(response, 1500)
	var qbuf [128]token
	var req hashSet
	for _, tk := range tokenize(cut(request, 600), qbuf[:0]) {
		req.Add(tk.h)
	}
	var tbuf [256]token
	toks := tokenize(resp, tbuf[:0])
	var n, dig, caps, stop, content, novel, novName, novNum float64
	for _, tk := range toks {
		n++
		if tk.content() && tk.flags&fCode == 0 {
			content++
			if !req.Has(tk.h) {
				novel++
				switch {
				case tk.flags&fDigit != 0 && tk.end-tk.start >= 2:
					novNum++
				case tk.flags&fCap != 0 && tk.flags&fSent == 0:
					novName++
				}
			}
		}
		switch {
		case tk.flags&fDigit != 0:
			dig++
		case tk.flags&fCap != 0 && tk.flags&fSent == 0:
			caps++
		case tk.flags&fStop != 0:
			stop++
		}
	}
	dst = binFLen.appendTo(dst, min(math.Log2(n+1)/9, 1))
	dst = binFDig.appendTo(dst, min(dig/(n+1)*10, 1))
	dst = binFCaps.appendTo(dst, min(caps/(n+1)*10, 1))
	dst = binFStop.appendTo(dst, stop/(n+1))
	dst = binFNovel.appendTo(dst, novel/(content+1))
	dst = binFNovname.appendTo(dst, min(novName/8, 1))
	dst = binFNovnum.appendTo(dst, min(novNum/6, 1))
	boost, hedge, _, _ := certaintyPhrases.match(toks)
	dst = binFBoost.appendTo(dst, min(boost/3, 1))
	dst = binFHedge.appendTo(dst, min(hedge/3, 1))
	if strings.Contains(resp, "http") || strings.Contains(resp, "www.") {
		dst = append(dst, "f_url "...)
	}
	dst = append(dst, ' ')
	var rbuf [32]string
	for k, w := range model.Words(cut(resp, 200), rbuf[:0]) {
		if k == 16 {
			break
		}
		dst = append(dst, "r_"...)
		dst = append(dst, w...)
		dst = append(dst, ' ')
	}
	return dst
}

// Bins of the open-domain features.
var (
	binFLen     = newBins("f_len", 9)
	binFDig     = newBins("f_dig", 10)
	binFCaps    = newBins("f_caps", 10)
	binFStop    = newBins("f_stop", 10)
	binFNovel   = newBins("f_novel", 10)
	binFNovname = newBins("f_novname", 8)
	binFNovnum  = newBins("f_novnum", 6)
	binFBoost   = newBins("f_boost", 4)
	binFHedge   = newBins("f_hedge", 4)
)

// cut returns at most n bytes of s, cut at a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
