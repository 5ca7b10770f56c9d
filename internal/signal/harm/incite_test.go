package harm

import "testing"

func TestIncitement(t *testing.T) {
	for text, want := range map[string]bool{
		"Brothers, the time for talk is over. Train, arm yourselves, and join us.":          true,
		"When the day comes, we strike the capitol together and no traitor will be spared.": true,
		"Death to the invaders!": true,
		// A negation after the call is the call's own words.
		"Gather your weapons; we strike them in their streets and show them this land is not theirs.": true,
		"We will not strike anyone; the march stays peaceful.":                                        false,
		"Take up your arms, join the militia, and strike before they strike us.":                      true,
		"Bring your rifles to the range on Saturday for the safety course.":                           false,
		"The referee told both teams to strike first in the penalty shootout.":                        false,
		"In 1916 the rebels urged the people to take up arms against the crown.":                      false,
		"No one should take up arms over an election; vote instead.":                                  false,
		"The strike at the factory ended after the union reached a deal.":                             false,
		"It sounds like you want to stop them or kill them.":                                          false,
		"Kill the process with kill -9 if it hangs.":                                                  false,
		"The villain cries that no one will be spared, and the heroes flee the burning city.":         false,
	} {
		if got := Incitement(text) != ""; got != want {
			t.Errorf("Incitement(%q) = %v, want %v", text, got, want)
		}
	}
}
