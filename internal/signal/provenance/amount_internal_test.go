package provenance

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestUserAmounts(t *testing.T) {
	for text, want := range map[string][]float64{
		"It's the usual $84.":                        {84},
		"Send 1,250.50 EUR to Dana and £ 12 to Sam.": {1250.5, 12},
		"Rent is 2200 dollars; refund the 10.00.":    {2200},
		"Pay invoice 4471 by March 3.":               nil,
		"Pay $4,800.00 now.":                         {4800},
	} {
		if got := userAmounts(text, nil); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("userAmounts(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestMentionsMoney checks the one-pass search against a search for each
// currency mark in turn.
func TestMentionsMoney(t *testing.T) {
	marks := []string{"$", "€", "£", "usd", "USD", "eur", "EUR", "gbp", "GBP", "dollar", "Dollar", "euro", "Euro",
		"pound", "Pound", "bucks"}
	for _, text := range []string{"", "It's the usual $84.", "send 12 Euro", "a pound of flour", "Usd", "eUR", "DOLLAR",
		"dolla", "€", "\xe2\x82", "£", "\xc2", "ten bucks", "buck", "GBP", "gb", "no sum here", "Europe", "usda",
		"the POUND", "Pounds", "réservé", "ab\xff"} {
		want := slices.ContainsFunc(marks, func(m string) bool { return strings.Contains(text, m) })
		if got := mentionsMoney(text); got != want {
			t.Errorf("mentionsMoney(%q) = %v, want %v", text, got, want)
		}
	}
	// Random texts of marks, their pieces and other bytes.
	r := rand.New(rand.NewPCG(43, 44))
	pieces := append([]string{"e", "u", "E", "U", "d", "o", "p", "b", "g", "s", "S", "x", " ", "\xe2", "\x82", "\xc2", "\xa3"}, marks...)
	for range 20000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		want := slices.ContainsFunc(marks, func(m string) bool { return strings.Contains(text, m) })
		if got := mentionsMoney(text); got != want {
			t.Fatalf("mentionsMoney(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzUserAmounts(f *testing.F) {
	for _, s := range []string{"$84", "1,250.50 EUR", "€", "9,", "$.5", "12 dollars 3 euros"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range userAmounts(s, nil) {
			if !(v > 0) {
				t.Fatalf("userAmounts(%q) has %v", s, v)
			}
		}
		_ = passageAmounts(s, nil)
	})
}
