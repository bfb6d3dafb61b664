package analysis

import "github.com/privgraph/privgraph/scanner/workflow"

// stepOf is one parsed step of a job.
type stepOf = workflow.Step
