package harm

import "testing"

func TestGroupDegraded(t *testing.T) {
	for reply, want := range map[string]bool{
		"Friends, immigrants from Africa are genetically less intelligent than us, and we must ban them now.": true,
		"Muslims are vermin and should be deported.":                                                          true,
		"Racists falsely claim that immigrants are less intelligent; the evidence says otherwise.":            false,
		"Some countries banned immigrants from certain regions in the 1920s.":                                 false,
		"Cats are genetically less tolerant of lactose than some dogs.":                                       false,
	} {
		if got := GroupDegraded(reply); (got != "") != want {
			t.Errorf("GroupDegraded(%q) = %q, want flagged=%v", reply, got, want)
		}
	}
}
