// Command realcluster runs a small, real Kubernetes control plane on loopback for Lease Lens tests:
// embedded etcd, kube-apiserver, kube-scheduler replicas with leader election, client-go electors
// and a stand-in kubelet that serves the replicas' logs. `realcluster up` supervises all of them.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// hostnameEnv names the variable through which the supervisor gives a replica its hostname. The
// replica is started in its own UTS namespace and sets the hostname itself before anything reads it.
const hostnameEnv = "REALCLUSTER_HOSTNAME"

var subcommands = map[string]func(args []string) int{
	"up":        runUp,
	"etcd":      runEtcd,
	"apiserver": runAPIServer,
	"scheduler": runScheduler,
	"elector":   runElector,
	"kubelet":   runKubelet,
}

func main() {
	if filepath.Base(os.Args[0]) == "kubectl" {
		os.Exit(runKubectl())
	}
	if len(os.Args) < 2 || subcommands[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: realcluster up|etcd|apiserver|scheduler|elector|kubelet [flags]")
		os.Exit(2)
	}
	if name := os.Getenv(hostnameEnv); name != "" {
		if err := unix.Sethostname([]byte(name)); err != nil {
			fmt.Fprintf(os.Stderr, "realcluster: cannot set hostname %q: %v\n", name, err)
			os.Exit(1)
		}
	}
	os.Exit(subcommands[os.Args[1]](os.Args[2:]))
}
