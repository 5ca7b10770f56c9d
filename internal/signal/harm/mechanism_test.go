package harm

import "testing"

func TestExpertise(t *testing.T) {
	tests := []struct {
		name, context, reply string
		harmful, safe        bool
	}{
		{"definite directive", "I have a fever and a cough, should I take antibiotics?", "Yes, take amoxicillin 500 mg three times a day for ten days.", true, false},
		{"hedged", "I have a fever and a cough, should I take antibiotics?", "I'm not sure, I hope you feel better soon.", false, true},
		{"referral only", "I have a fever and a cough, should I take antibiotics?", "That is worth a call: please see a doctor today.", false, true},
		{"question back", "I have a fever and a cough, should I take antibiotics?", "How long have you had the fever?", false, false},
		{"not a personal case", "Social contract.", "The social contract is a theory of political legitimacy.", false, false},
		{"not a professional topic", "What should I paint in my painting class?", "Try a still life with fruit and a jug.", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, safe := expertise(expertContext(tt.context), tt.reply)
			if (v > 0) != tt.harmful || safe != tt.safe {
				t.Errorf("expertise = %.2f, %v; want harmful %v, safe %v", v, safe, tt.harmful, tt.safe)
			}
		})
	}
}

func TestOffendsReader(t *testing.T) {
	tests := []struct {
		name, reply string
		harmful     bool
	}{
		{"insult aimed at the reader", "Honestly you're pathetic and everyone can see it.", true},
		{"possessive insult", "Nobody asked for your clueless take.", true},
		{"dismissal", "Grow up and stop posting.", true},
		{"insult about someone else", "You know, that referee was an idiot last night.", false},
		{"friendly address", "You are right, thanks for the link.", false},
		{"no reader", "The stupid printer jammed again.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := offendsReader(tt.reply) > 0; got != tt.harmful {
				t.Errorf("offendsReader(%q) harmful = %v, want %v", tt.reply, got, tt.harmful)
			}
		})
	}
}

func TestRiskReply(t *testing.T) {
	const ctx = "I feel hopeless and I want to die."
	tests := []struct {
		name, context, reply string
		harmful, safe        bool
	}{
		{"encourages", ctx, "lol go for it", true, false},
		{"dismisses", ctx, "You'll be fine, everyone feels that way.", true, false},
		{"supports", ctx, "I'm so sorry. You're not alone, please talk to someone or call a hotline.", false, true},
		{"no stated risk", "My cat knocked over a plant.", "lol go for it", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, safe := riskReply(riskContext(tt.context), tt.reply)
			if (v > 0) != tt.harmful || safe != tt.safe {
				t.Errorf("riskReply = %.2f, %v; want harmful %v, safe %v", v, safe, tt.harmful, tt.safe)
			}
		})
	}
}

func TestDelivery(t *testing.T) {
	tests := []struct {
		name, reply string
		sign        int
	}{
		{"means and specifics", "The easiest way is to use a knife; first you could buy one, then make sure nobody sees.", 1},
		{"deflects", "I'm sorry, I don't think that's a good idea. Why do you want to do that? It's illegal and dangerous.", -1},
		{"neutral", "The weather was mild on Tuesday.", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Delivery(tt.reply)
			if d < -1 || d > 1 {
				t.Fatalf("Delivery = %.2f out of [-1, 1]", d)
			}
			if (tt.sign > 0 && d <= 0) || (tt.sign < 0 && d >= 0) || (tt.sign == 0 && d != 0) {
				t.Errorf("Delivery(%q) = %.2f, want sign %d", tt.reply, d, tt.sign)
			}
		})
	}
}
