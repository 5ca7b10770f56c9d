package provenance

// RoutineCommand exports routineCommand to the external tests.
var RoutineCommand = routineCommand

// ForeignAction exposes foreignAction to the tests.
func ForeignAction(v, tool, passage string) bool { return foreignAction(v, tool, passage) }
