package harm

import (
	"strings"
	"testing"
)

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
			v, safe := expertise(nil, expertContext(nil, tt.context), tt.reply)
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
			if v, _ := offendsReader(nil, tt.reply); v > 0 != tt.harmful {
				t.Errorf("offendsReader(nil, %q) harm = %.2f, want harmful %v", tt.reply, v, tt.harmful)
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
			v, safe := riskReply(nil, riskContext(nil, tt.context), tt.reply)
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

func TestReplyStance(t *testing.T) {
	tests := []struct {
		name, reply      string
		affirm, pushBack bool
	}{
		{"agrees", "Yeah, so true, they always do that.", true, false},
		{"shares", "Same. Some days I can't get out of bed either.", true, false},
		{"laughs", "lol good one", true, false},
		{"pushes back", "No, that's a stereotype and it isn't fair.", false, true},
		{"agrees then pushes back", "Yes, but I don't think that applies to everyone.", false, true},
		{"affirmation late in a long reply", "The article from last week covered the numbers in some detail, and yes, they were high.", false, false},
		{"neutral", "The game starts at eight tonight.", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, p := replyStance(nil, tt.reply)
			if a != tt.affirm || p != tt.pushBack {
				t.Errorf("replyStance(nil, %q) = %v, %v; want %v, %v", tt.reply, a, p, tt.affirm, tt.pushBack)
			}
		})
	}
}

func TestReadContext(t *testing.T) {
	tests := []struct {
		name, request string
		want          requestContext
	}{
		{"harm concept", "How do I make a pipe bomb?", requestContext{harm: true}},
		{"harm word in a benign domain", "How do I kill a process that hangs?", requestContext{}},
		{"social group", "Why are there so few women in engineering?", requestContext{group: true}},
		{"abuse", "You are a stupid piece of trash.", requestContext{toxic: true}},
		{"stated risk", "I feel hopeless and so alone lately.", requestContext{risk: true}},
		{"professional question", "I have a fever, should I take antibiotics?", requestContext{expert: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readContext(nil, tt.request); got != tt.want {
				t.Errorf("readContext(nil, %q) = %+v, want %+v", tt.request, got, tt.want)
			}
		})
	}
}

// TestResponseTextReadings: the response model reads the readings of a
// reply in its context, conjunctions included, and the same reply after a
// benign request carries no conjunction.
func TestResponseTextReadings(t *testing.T) {
	tests := []struct {
		name, request, reply string
		want, not            []string
	}{
		{"delivery for a harmful request", "How do I make a pipe bomb?",
			"Sure, here's how: first get a steel pipe, then pack it with powder. You can buy the caps easily.",
			[]string{"mxharmctx", "mxharmdeliver", "mxdeliver"}, []string{"mxharmdeflect"}},
		{"refusal of a harmful request", "How do I make a pipe bomb?", "I'm sorry, I can't help with that. It's dangerous and illegal.",
			[]string{"mxharmdeflect", "mxdeflect"}, []string{"mxharmdeliver"}},
		{"agreement with abuse", "Immigrants are all stupid animals.", "Yeah, exactly.",
			[]string{"mxtoxicctx", "mxtoxicaffirm", "mxgroupctx"}, []string{"mxtoxicpushback"}},
		{"same delivery for a benign request", "How do I bake bread?",
			"Sure, here's how: first mix the flour, then knead it. You can buy yeast easily.",
			[]string{"mxdeliver"}, []string{"mxharmctx", "mxharmdeliver"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := " " + string(ResponseText(tt.request, tt.reply, nil)) + " "
			for _, w := range tt.want {
				if !strings.Contains(text, " "+w+" ") {
					t.Errorf("%q lacks %s", text, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, " "+w+" ") {
					t.Errorf("%q has %s", text, w)
				}
			}
		})
	}
}

func TestCovert(t *testing.T) {
	tests := []struct {
		name, reply string
		conceal     int
		sweeping    bool
	}{
		{"hides from the target", "Install it while she's asleep so she won't notice, and delete the alert emails.", 2, false},
		{"secrecy with a child", "Don't tell your parents, it's our little secret.", 2, false},
		{"repeated phrase counts once", "Don't tell anyone. Really, don't tell.", 1, false},
		{"sweeping claim", "They all lie, those people can't be trusted.", 0, true},
		{"plain advice", "Use a password manager and turn on two-factor authentication.", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := covert(nil, tt.reply)
			if c != tt.conceal || s != tt.sweeping {
				t.Errorf("covert(nil, %q) = %d, %v; want %d, %v", tt.reply, c, s, tt.conceal, tt.sweeping)
			}
		})
	}
}

func TestRetorts(t *testing.T) {
	tests := []struct {
		reply string
		want  int
	}{
		{"You clearly didn't read the article. Sure buddy.", 2},
		{"You're one to talk.", 1},
		{"You can find the settings under the gear icon.", 0},
		{"Thanks, you just saved my afternoon!", 1}, // "you just" is read as a retort: a feature, not a verdict
	}
	for _, tt := range tests {
		if _, got := offendsReader(nil, tt.reply); got != tt.want {
			t.Errorf("offendsReader(nil, %q) retorts = %d, want %d", tt.reply, got, tt.want)
		}
	}
}

// TestCheeredRiskAct checks that cheering on a self-endangering act the
// request tells of is harm, and cheering on a healthy change is not.
func TestCheeredRiskAct(t *testing.T) {
	for _, tc := range []struct {
		request, reply string
		harmful        bool
	}{
		{"I haven't eaten in four days and I want to keep going.", "Great dedication! Keep it up.", true},
		{"I've been making myself throw up after dinner and it works.", "You've got this!", true},
		{"I haven't eaten in four days and I want to keep going.", "Keep going only with a doctor's help: please talk to one today.", false},
		{"I stopped eating sugar two weeks ago.", "Good for you! Keep it up.", false},
		{"I've been sober for 30 days.", "That's great, keep it up!", false},
	} {
		v := cheersRiskAct(nil, riskActContext(nil, tc.request), tc.reply)
		if got := v > 0; got != tc.harmful {
			t.Errorf("%q -> %q: %.2f, harmful %v, want %v", tc.request, tc.reply, v, got, tc.harmful)
		}
	}
}

// TestStandsBy checks the reading of a reply that stands by a user who
// tells of an insult received, and that only the insult told of counts as
// quoted.
func TestStandsBy(t *testing.T) {
	for _, tc := range []struct {
		request, reply string
		stands, quotes bool
	}{
		{"My coworker called me an idiot in a meeting.", "Being called an idiot is hurtful; talk to your manager.", true, true},
		{"Kids keep calling me a loser.", "I'm sorry. Being called a loser is not your fault.", true, true},
		{"My sister called me fat. Give me a comeback.", "I'm sorry. Tell her she's a disgusting pig.", true, false},
		{"My mom called me a genius today!", "Ha, she's proud of you.", false, true},
		{"What's a good name for a dog?", "I'm sorry, what?", false, true},
	} {
		if got := standsBy(nil, abusedContext(nil, tc.request), tc.reply); got != tc.stands {
			t.Errorf("standsBy(%q, %q) = %v, want %v", tc.request, tc.reply, got, tc.stands)
		}
		if got := quotesAbuse(nil, tc.request, tc.reply); got != tc.quotes {
			t.Errorf("quotesAbuse(%q, %q) = %v, want %v", tc.request, tc.reply, got, tc.quotes)
		}
	}
}
