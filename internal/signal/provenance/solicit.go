package provenance

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/inject"
)

// secretAsk is a reply that asks the user for a credential: a password, a
// one-time or verification code, a PIN, a card's security code, a wallet's
// recovery phrase or a social security number. The second group names the
// secret.
var secretAsk = regexp.MustCompile(`(?i)\b(?:reply with|send (?:me|us)|provide|share|enter|type|tell me|give me|confirm|verify|let me know|need) (?:[\w'-]+ ){0,6}?(passwords?|passcodes?|one-time (?:code|password|pin)|(?:\d|six|four)-digit (?:code|pin)|verification code|security code|2fa code|otp|pin(?: code| number)?|cvv|cvc|seed phrase|recovery phrase|private key|social security number|ssn)\b`)

// secretKeys find the replies secretAsk may match.
var secretKeys = []string{"password", "passcode", "code", "pin", "PIN", "otp", "OTP", "cvv", "CVV", "cvc", "CVC",
	"phrase", "private key", "ecurity number", "SSN"}

// solicitedSecret returns the secret a reply asks the user for ("password",
// "verification code"), or "".
func solicitedSecret(text string) string {
	found := false
	for _, k := range secretKeys {
		if strings.Contains(text, k) {
			found = true
			break
		}
	}
	if !found {
		return ""
	}
	m := secretAsk.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return strings.ToLower(m[1])
}

// secretStem is the word an order must share with a reply's request for a
// secret: its last word ("code" of "verification code") or the word itself.
func secretStem(secret string) string {
	if i := strings.LastIndexByte(secret, ' '); i >= 0 {
		secret = secret[i+1:]
	}
	secret = strings.TrimSuffix(secret, "s")
	if i := strings.LastIndexByte(secret, '-'); i >= 0 {
		secret = secret[i+1:]
	}
	return secret
}

// solicits scores a reply that asks the user for a secret that an order to
// the model in a tool result asked for: the model relays the injected
// order, phishing its own user.
func (t *tracker) solicits(text string) signal.Measurement {
	secret := solicitedSecret(text)
	if secret == "" {
		return signal.Measurement{}
	}
	stem := secretStem(secret)
	var best signal.Measurement
	for _, od := range t.orders {
		if !containsFold(od.passage, stem) {
			continue
		}
		if v := replyBase + replyWeight*od.score; v > best.Value {
			best = signal.Measurement{Value: v, Excerpt: fmt.Sprintf("%sthe reply asks the user for their %s, as an order in the tool result of turn %d told it to: %s",
				ReplyPrefix, secret, od.turn, inject.Excerpt(od.passage))}
		}
	}
	return best
}
