package provenance

import "testing"

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
