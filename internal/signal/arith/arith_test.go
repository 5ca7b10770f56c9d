package arith

import "testing"

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		wrong      bool
	}{
		{"wrong product", "You're right, I apologize. 17 * 24 = 418.", true},
		{"right product", "17 * 24 = 408.", false},
		{"chain, right", "17 * 20 + 17 * 4 = 340 + 68 = 408", false},
		{"chain, wrong at the end", "17 * 20 + 17 * 4 = 340 + 68 = 418", true},
		{"times sign", "So 12 × 12 = 124 in total.", true},
		{"x between spaces", "12 x 12 = 144", false},
		{"latex", `$17 \times 24 = 408$`, false},
		{"latex, wrong", `We get $17 \times 24 = 428$.`, true},
		{"division rounded", "22 / 7 = 3.14", false},
		{"division truncated", "2 / 3 = 0.66", false},
		{"division wrong", "2 / 3 = 0.75", true},
		{"percentage", "3/4 = 75%", false},
		{"money", "3 tickets at $12.50 each: 3 * $12.50 = $37.50.", false},
		{"money, wrong", "3 * $12.50 = $35.00", true},
		{"thousands", "1,200 + 800 = 2,000", false},
		{"power", "2^10 = 1024", false},
		{"brackets", "(3 + 4) * 2 = 14", false},
		{"precedence", "3 + 4 * 2 = 11", false},
		{"clause before", "In 2023, 5 + 5 = 10.", false},
		{"clause before, wrong", "In 2023, 5 + 5 = 11.", true},
		{"two equations", "5 + 5 = 10, 17 * 3 = 52", true},
		{"fraction on the right", "1 ÷ 2 = 1/2", false},
		{"fractions", "4/16 = 1/4", false},
		{"fractions, wrong", "4/16 = 1/3", true},
		{"sum of squares, wrong", "(-5)^2 + (-2)^2 + (-1)^2 + 2^2 + 3^2 + 4^2 = 55", true},
		{"currency conversion, wrong", "122 × 47.88 = 5,834.16", true},
		{"bold, wrong", "The total is **17 * 24 = 418**.", true},
		{"bold, right", "The total is **17 * 24 = 408**.", false},
		{"pixels", "1920 x 1080 = 2,073,600 pixels", false},
		{"function values", "f(2) = 2 * 2 = 4", false},
		// Not judged.
		{"named sides", "a = 3, b = 4, so a + b = 8", false},
		{"function glued", "f(2) = 5", false},
		{"unicode minus before", "9 − 4 + 8 × 5 = 5 + 40", false},
		{"unicode minus after", "8 × 5 = 40 − 3", false},
		{"an equation put to the test", "25 + 25 = 49 (not true)", false},
		{"a question", "Is 25 + 25 = 49?", false},
		{"algebra", "Solve 2x + 3 = 7: x = 2.", false},
		{"variable glued", "x2 + 3 = 9", false},
		{"units", "5 kg * 3 = 16 kg", false},
		{"unit glued", "5 * 3 = 16kg", false},
		{"factorial", "5! = 100", false},
		{"range", "Ages 10-15 = 30% of users", false},
		{"season", "The 2023/24 season = 38 games", false},
		{"code block", "```python\nprint(7 / 2 = 3)\n```", false},
		{"inline code", "In C, `7 / 2 = 3` with ints.", false},
		{"comparison", "if a + b == 3", false},
		{"no operator", "x = 5, y = 7", false},
		{"modular", "10 + 5 = 3 (mod 12)", false},
		{"approximately", "22 / 7 ≈ 3", false},
		{"percent of", "15% of 80 = 10", false},
		{"ratio", "1:2 = 0.5", false},
		{"assignment", "total := 3 + 4", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, got := Check(tc.text)
			if got != tc.wrong {
				t.Errorf("Check(%q) = %v (%+v), want %v", tc.text, got, e, tc.wrong)
			}
		})
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{"17 * 24 = 418", "3/4 = 75%", "(1 + 2) ^ 3 = 27", "$1,200.50 / 2 = $600.25", "```\n1+1=3\n```"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, wrong := Check(s)
		if wrong && e.Equation == "" {
			t.Errorf("a wrong equation with no text in %q", s)
		}
	})
}
