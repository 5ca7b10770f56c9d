package provenance

// RoutineCommand exports routineCommand to the external tests.
var RoutineCommand = routineCommand
