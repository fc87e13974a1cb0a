package main

import (
	"context"
	"errors"
	"flag"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/client-go/tools/record"
	"k8s.io/component-base/metrics/legacyregistry"
	"k8s.io/klog/v2"
)

// runElector is a workload replica competing for a Lease with client-go's leaderelection, the way
// a typical controller does: identity <hostname>_<uuid>, LeaseLock, LeaderElection events.
// --lock=configmap keeps the record in a ConfigMap's annotation instead (client-go's old
// ConfigMapLock, configmaplock.go); --coordinated takes part in coordinated leader election: a
// LeaseCandidate named as the identity (default: the host name), the Lease's holder chosen by
// kube-apiserver's leader election controller.
func runElector(args []string) int {
	fs := flag.NewFlagSet("elector", flag.ExitOnError)
	klog.InitFlags(fs)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig path")
	namespace := fs.String("namespace", "default", "namespace of the Lease")
	leaseName := fs.String("lease", "demo-elector", "name of the Lease")
	identity := fs.String("identity", "", "identity; default <hostname>_<uuid>")
	leaseDuration := fs.Duration("lease-duration", 4*time.Second, "lease duration")
	renewDeadline := fs.Duration("renew-deadline", 3*time.Second, "renew deadline")
	retryPeriod := fs.Duration("retry-period", time.Second, "retry period")
	workEvery := fs.Duration("work-every", 5*time.Second, "how often the leader logs that it works")
	lockKind := fs.String("lock", "lease", "where the record is kept: lease | configmap (the annotation "+resourcelock.LeaderElectionRecordAnnotationKey+")")
	coordinated := fs.Bool("coordinated", false, "coordinated leader election: a LeaseCandidate for the Lease (needs the CoordinatedLeaderElection gate on kube-apiserver)")
	binaryVersion := fs.String("binary-version", "1.36.3", "the LeaseCandidate's binaryVersion (--coordinated)")
	emulationVersion := fs.String("emulation-version", "1.36.0", "the LeaseCandidate's emulationVersion (--coordinated)")
	metricsAddr := fs.String("metrics-bind-address", "", "serve Prometheus metrics on http://<address>/metrics (client-go's leader election, REST client and workqueue metrics); empty: none")
	_ = fs.Parse(args)
	defer klog.Flush()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.ErrorS(err, "loading kubeconfig")
		return 1
	}
	cs := kubernetes.NewForConfigOrDie(cfg)
	host, _ := os.Hostname()
	id := *identity
	if id == "" && *coordinated {
		id = host // a LeaseCandidate's name, and the holder the controller writes
	} else if id == "" {
		id = host + "_" + string(uuid.NewUUID())
	}
	klog.InfoS("starting elector", "identity", id, "lease", *namespace+"/"+*leaseName)

	broadcaster := record.NewBroadcaster()
	broadcaster.StartStructuredLogging(3)
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: cs.CoreV1().Events("")})
	defer broadcaster.Shutdown()
	recorder := broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: *leaseName, Host: host})

	if *metricsAddr != "" {
		if err := serveMetrics(*metricsAddr); err != nil {
			klog.ErrorS(err, "serving metrics", "address", *metricsAddr)
			return 1
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() { s := <-sig; klog.InfoS("received signal, releasing the lease", "signal", s.String()); cancel() }()

	lockConfig := resourcelock.ResourceLockConfig{Identity: id, EventRecorder: recorder}
	var lock resourcelock.Interface = &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Namespace: *namespace, Name: *leaseName},
		Client:     cs.CoordinationV1(),
		LockConfig: lockConfig,
	}
	switch *lockKind {
	case "lease":
	case "configmap":
		lock = &configMapLock{meta: metav1.ObjectMeta{Namespace: *namespace, Name: *leaseName}, client: cs.CoreV1(), config: lockConfig}
	default:
		klog.ErrorS(nil, "unknown --lock", "lock", *lockKind)
		return 2
	}
	if *coordinated {
		candidate, _, err := leaderelection.NewCandidate(cs, *namespace, id, *leaseName, *binaryVersion, *emulationVersion, coordinationv1.OldestEmulationVersion)
		if err != nil {
			klog.ErrorS(err, "creating the LeaseCandidate")
			return 1
		}
		go candidate.Run(ctx)
		klog.InfoS("running as a LeaseCandidate", "candidate", *namespace+"/"+id, "binaryVersion", *binaryVersion, "emulationVersion", *emulationVersion)
	}
	leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
		Lock:            lock,
		Name:            *leaseName,
		LeaseDuration:   *leaseDuration,
		RenewDeadline:   *renewDeadline,
		RetryPeriod:     *retryPeriod,
		ReleaseOnCancel: true,
		Coordinated:     *coordinated,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(ctx context.Context) {
				klog.InfoS("started leading, reconciling", "identity", id)
				t := time.NewTicker(*workEvery)
				defer t.Stop()
				for n := 1; ; n++ {
					select {
					case <-ctx.Done():
						return
					case <-t.C:
						klog.InfoS("reconciled as leader", "round", n)
					}
				}
			},
			OnStoppedLeading: func() { klog.InfoS("stopped leading", "identity", id) },
			OnNewLeader: func(holder string) {
				if holder != id {
					klog.InfoS("new leader elected", "leader", holder)
				}
			},
		},
	})
	time.Sleep(200 * time.Millisecond) // let the last events reach the sink before Shutdown
	if ctx.Err() == nil {
		klog.Error("leader election lost")
		return 1
	}
	return 0
}

// serveMetrics serves the metrics registered with component-base's legacy registry, as
// kube-controller-manager does: main.go's import of k8s.io/component-base/metrics/prometheus/clientgo
// installs client-go's leader election metrics provider there, so leader_election_master_status{name=<lease>}
// is 1 while this replica leads and 0 after it stopped.
func serveMetrics(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", legacyregistry.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			klog.ErrorS(err, "metrics server")
		}
	}()
	klog.InfoS("serving metrics", "address", "http://"+addr+"/metrics")
	return nil
}
