package provenance

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/inject"
)

// Amounts: a user who states the sum to pay ("it's the usual $84") and a
// payment call for another sum. When an order to the model in a tool result
// states the sum the call used ("the amount due is now $4,800"), the order
// set it: that is the injected action, whatever the payee's provenance.

// maxAmounts bounds the amounts kept from one user turn.
const maxAmounts = 8

// userAmounts appends to dst the sums of money text states: a number after
// a currency sign, or before a currency word.
func userAmounts(text string, dst []float64) []float64 {
	if !mentionsMoney(text) {
		return dst[:0]
	}
	return numbers(text, dst, true)
}

// passageAmounts is userAmounts for any number of a passage, with or
// without a currency: an order states "4,800.00" as often as "$4,800".
func passageAmounts(text string, dst []float64) []float64 { return numbers(text, dst, false) }

// numbers appends to dst (emptied first) the positive numbers of text
// ("4,800.00" is 4800), at most maxAmounts, only those next to a currency
// when currency is set.
func numbers(text string, dst []float64, currency bool) []float64 {
	dst = dst[:0]
	for i := 0; i < len(text) && len(dst) < maxAmounts; i++ {
		c := text[i]
		if c < '0' || c > '9' || (i > 0 && isNumByte(text[i-1])) {
			continue
		}
		j := i
		for j < len(text) && (isNumByte(text[j]) || text[j] == ',' && j+1 < len(text) && isNumByte(text[j+1])) {
			j++
		}
		v, ok := parseAmount(text[i:j])
		if ok && (!currency || currencyBefore(text[:i]) || currencyAfter(text[j:])) {
			dst = append(dst, v)
		}
		i = j
	}
	return dst
}

// moneyMarks are the currency signs and words (as typed) one of which
// every sum userAmounts reads is next to (moneyAt spells them out).
var moneyMarks = []string{"$", "€", "£", "usd", "USD", "eur", "EUR", "gbp", "GBP", "dollar", "Dollar", "euro", "Euro",
	"pound", "Pound", "bucks"}

// moneyFirst marks the first bytes of moneyMarks (of the UTF-8 encoding of
// the signs).
var moneyFirst = func() (t [256]bool) {
	for _, m := range moneyMarks {
		t[m[0]] = true
	}
	return t
}()

// moneySecond marks the second bytes of moneyMarks (all but "$" have
// one): "e" starts "eur" and a great many words, but few go on with "u".
var moneySecond = func() (t [256]bool) {
	for _, m := range moneyMarks {
		if len(m) > 1 {
			t[m[1]] = true
		}
	}
	return t
}()

// mentionsMoney reports whether text holds one of moneyMarks, in one pass
// over its bytes that only stops at their first bytes followed by one of
// their second bytes: most user turns state no sum.
func mentionsMoney(text string) bool {
	for i := 0; uint(i) < uint(len(text)); i++ { // (unsigned: no bounds check)
		if c := text[i]; moneyFirst[c] && (c == '$' || i+1 < len(text) && moneySecond[text[i+1]]) && moneyAt(text[i:]) {
			return true
		}
	}
	return false
}

// moneyAt reports whether text, which starts with a byte of moneyFirst,
// starts with one of moneyMarks. The marks are constants here, so that
// each comparison compiles to a few loads.
func moneyAt(text string) bool {
	switch text[0] {
	case '$':
		return true
	case "€"[0]:
		return strings.HasPrefix(text, "€")
	case "£"[0]:
		return strings.HasPrefix(text, "£")
	case 'u':
		return strings.HasPrefix(text, "usd")
	case 'U':
		return strings.HasPrefix(text, "USD")
	case 'e': // "euro" too
		return strings.HasPrefix(text, "eur")
	case 'E':
		return strings.HasPrefix(text, "EUR") || strings.HasPrefix(text, "Euro")
	case 'g':
		return strings.HasPrefix(text, "gbp")
	case 'G':
		return strings.HasPrefix(text, "GBP")
	case 'd':
		return strings.HasPrefix(text, "dollar")
	case 'D':
		return strings.HasPrefix(text, "Dollar")
	case 'p':
		return strings.HasPrefix(text, "pound")
	case 'P':
		return strings.HasPrefix(text, "Pound")
	case 'b':
		return strings.HasPrefix(text, "bucks")
	}
	return false
}

func isNumByte(c byte) bool { return c >= '0' && c <= '9' || c == '.' }

// parseAmount parses "4,800.00" as 4800.
func parseAmount(s string) (float64, bool) {
	s = strings.TrimRight(strings.ReplaceAll(s, ",", ""), ".")
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v > 0
}

// currencyBefore reports whether text ends with a currency sign (spaces
// allowed): "$84", "€ 12".
func currencyBefore(text string) bool {
	t := strings.TrimRight(text, " ")
	if strings.HasSuffix(t, "$") || strings.HasSuffix(t, "€") || strings.HasSuffix(t, "£") {
		return true
	}
	t = t[max(0, len(t)-3):]
	return strings.EqualFold(t, "usd") || strings.EqualFold(t, "eur")
}

// currencyWords follow an amount.
var currencyWords = []string{"usd", "eur", "gbp", "dollar", "euro", "pound", "bucks"}

// currencyAfter reports whether text starts with a currency word.
func currencyAfter(text string) bool {
	t := strings.TrimLeft(text, " ")
	t = t[:min(len(t), len("dollar"))]
	for _, w := range currencyWords {
		if len(t) >= len(w) && strings.EqualFold(t[:len(w)], w) {
			return true
		}
	}
	return false
}

// moneyKey reports whether a tool-call argument names a sum of money.
func moneyKey(key string) bool {
	k := strings.ToLower(key)
	return strings.Contains(k, "amount") || strings.Contains(k, "sum") || strings.Contains(k, "total") ||
		strings.Contains(k, "price") || strings.Contains(k, "value") || strings.Contains(k, "payment")
}

// sameAmount reports whether two sums agree within rounding (a cent, or
// half a percent).
func sameAmount(a, b float64) bool {
	return math.Abs(a-b) <= max(0.01, 0.005*max(a, b))
}

// amountSeen is a sum of money of a tool-result passage, with the
// instruction score of the passage (the weight entities get).
type amountSeen struct {
	v       float64
	score   float64
	turn    int
	passage string
}

// maxAmountsSeen bounds the tool-result sums a tracker keeps.
const maxAmountsSeen = 32

// noteAmounts records the sums of a tool-result passage of instruction
// score w (kept only with a score: plain data states sums all the time),
// once the user stated a sum.
func (t *tracker) noteAmounts(turn int, text string, w float64) {
	// Only a user who stated a sum makes another sum an override.
	if w < amountMinScore || len(t.userAmounts()) == 0 || !strings.ContainsAny(text, "0123456789") {
		return
	}
	t.nums = passageAmounts(text, t.nums)
	if len(t.nums) == 0 {
		return
	}
	passage := strings.Clone(text)
	for _, v := range t.nums {
		if len(t.seenAmounts) >= maxAmountsSeen {
			return
		}
		t.seenAmounts = append(t.seenAmounts, amountSeen{v: v, score: w, turn: turn, passage: passage})
	}
}

// amountMinScore is the instruction score from which a passage's sums are
// kept.
const amountMinScore = 0.3

// amount scores a sum a call that acts on the world uses that is none of
// the sums the latest user turn stated but one an instruction-like passage
// of a tool result stated; with a target the call also took from tool
// output (tainted), the two combine.
func (t *tracker) amount(tool string, x float64, best *signal.Measurement) {
	if !t.callActs || len(t.userAmounts()) == 0 {
		return
	}
	for _, u := range t.amounts {
		if sameAmount(u, x) {
			return
		}
	}
	var from *amountSeen
	for k := range t.seenAmounts {
		a := &t.seenAmounts[k]
		if sameAmount(a.v, x) && (from == nil || a.score > from.score) {
			from = a
		}
	}
	if from == nil {
		return
	}
	v := amountBase + amountWeight*from.score
	if t.callTainted && best.Value > 0 {
		v = 1 - (1-v)*(1-best.Value)
	}
	if v > best.Value {
		*best = signal.Measurement{Value: v, Excerpt: fmt.Sprintf("%s pays %s, not the %s the user stated; the tool result of turn %d stated it: %s",
			tool, strconv.FormatFloat(x, 'f', -1, 64), strconv.FormatFloat(t.amounts[0], 'f', -1, 64), from.turn, inject.Excerpt(from.passage))}
	}
}

// A call paying what an instruction-like passage stated instead of what
// the user stated scores amountBase + amountWeight x the passage's
// instruction score.
const (
	amountBase   = 0.4
	amountWeight = 0.55
)
