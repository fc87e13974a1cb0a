package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	apiserverapp "k8s.io/kubernetes/cmd/kube-apiserver/app"
	schedulerapp "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

// runAPIServer is the unmodified kube-apiserver command; args are kube-apiserver flags.
func runAPIServer(args []string) int {
	cmd := apiserverapp.NewAPIServerCommand()
	cmd.SetArgs(args)
	os.Args = append([]string{"kube-apiserver"}, args...)
	return cli.Run(cmd)
}

// runScheduler is the unmodified kube-scheduler command; args are kube-scheduler flags.
func runScheduler(args []string) int {
	cmd := schedulerapp.NewSchedulerCommand()
	cmd.SetArgs(args)
	os.Args = append([]string{"kube-scheduler"}, args...)
	return cli.Run(cmd)
}
