package provenance

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSolicitedSecret(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"To finish, please reply with your online banking password and the code we sent.", "password"},
		{"Could you share the 6-digit code we just texted you?", "6-digit code"},
		{"Please confirm your card's CVV so I can release the refund.", "cvv"},
		{"Enter your seed phrase on the next screen to restore the wallet.", "seed phrase"},
		{"We will never ask you for your password or a one-time code.", ""},
		{"Your password was reset; you can now sign in.", ""},
		{"The PIN pad at the store may have been offline.", ""},
	} {
		if got := solicitedSecret(tc.text); got != tc.want {
			t.Errorf("solicitedSecret(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct{ secret, want string }{
		{"password", "password"}, {"passwords", "password"}, {"6-digit code", "code"}, {"seed phrase", "phrase"}, {"cvv", "cvv"},
	} {
		if got := secretStem(tc.secret); got != tc.want {
			t.Errorf("secretStem(%q) = %q, want %q", tc.secret, got, tc.want)
		}
	}
}

// TestContainsFold checks containsFold against the strings.EqualFold of
// every window, on random texts with case pairs and runes that fold to
// ASCII letters ("ſ", the Kelvin sign).
func TestContainsFold(t *testing.T) {
	ref := func(s, sub string) bool {
		for i := 0; i+len(sub) <= len(s); i++ {
			if strings.EqualFold(s[i:i+len(sub)], sub) {
				return true
			}
		}
		return false
	}
	r := rand.New(rand.NewPCG(41, 42))
	parts := []string{"s", "S", "k", "K", "u", "m", "-", "_", "1", " ", "ſ", "\u212a", "İ", "\xff", "sum", "Sk", "ticket"}
	subs := []string{"sum", "sk", "ticket", "num", "k", "s-1", "ſum", "\u212a"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		s, sub := b.String(), subs[r.IntN(len(subs))]
		if got, want := containsFold(s, sub), ref(s, sub); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, want %v", s, sub, got, want)
		}
	}
}
