package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

// runKubectl is kubectl itself: the same code as k8s.io/kubernetes/cmd/kubectl, reached when the
// binary is started through a link named kubectl. Tests use it where no kubectl is installed
// (Debian's archive has no kubectl package).
func runKubectl() int {
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
	return 0
}
