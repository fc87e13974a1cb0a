package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"
)

// setupObjects creates what a cluster admin would: the dev namespaces with a read-only Role for the
// user dev, default ServiceAccounts (there is no controller-manager to create them) and the
// Deployments/ReplicaSets the elector pods belong to. It returns the ReplicaSet name per workload.
func setupObjects(ctx context.Context, cs kubernetes.Interface) (map[string]string, error) {
	for _, ns := range append([]string{"default", locksNamespace}, devNamespaces...) {
		if err := ignoreExists(cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{})); err != nil {
			return nil, err
		}
		if err := ignoreExists(cs.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{})); err != nil {
			return nil, err
		}
	}
	read := []string{"get", "list", "watch"}
	for _, ns := range devNamespaces {
		role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "lease-lens-reader", Namespace: ns}, Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{"coordination.k8s.io"}, Resources: []string{"leases"}, Verbs: read},
			{APIGroups: []string{""}, Resources: []string{"events", "pods"}, Verbs: read},
			{APIGroups: []string{"events.k8s.io"}, Resources: []string{"events"}, Verbs: read},
			{APIGroups: []string{""}, Resources: []string{"pods/log"}, Verbs: []string{"get"}},
		}}
		if err := ignoreExists(cs.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{})); err != nil {
			return nil, err
		}
		binding := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "lease-lens-reader-dev", Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name},
			Subjects: []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "dev"}}}
		if err := ignoreExists(cs.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{})); err != nil {
			return nil, err
		}
	}
	rsNames := map[string]string{}
	for _, w := range workloads {
		if w.lock == "configmap" {
			// The controller's configuration next to its lock record (the elector only adds the annotation).
			cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: w.name, Namespace: w.namespace},
				Data: map[string]string{"config.yaml": strings.Repeat("# configuration of "+w.name+"\n", lockConfigMapData/(len(w.name)+19))}}
			if err := ignoreExists(cs.CoreV1().ConfigMaps(w.namespace).Create(ctx, cm, metav1.CreateOptions{})); err != nil {
				return nil, err
			}
		}
		hash := randomSuffix(10)
		labels := workloadLabels(w.name, "")
		command := []string{"elector", "--namespace=" + w.namespace, "--lease=" + w.name}
		if w.lock != "" {
			command = append(command, "--lock="+w.lock)
		}
		if w.coordinated {
			command = append(command, "--coordinated")
		}
		template := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
			AutomountServiceAccountToken: ptr.To(false),
			Containers: []corev1.Container{{Name: w.name, Image: "example.com/" + w.name + ":dev",
				Command: append(command, w.args...)}}}}
		dep := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: w.name, Namespace: w.namespace, Labels: labels},
			Spec: appsv1.DeploymentSpec{Replicas: ptr.To(int32(w.replicas)), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template}}
		dep, err := cs.AppsV1().Deployments(w.namespace).Create(ctx, dep, metav1.CreateOptions{})
		if err != nil {
			return nil, err
		}
		rsLabels := workloadLabels(w.name, hash)
		rsTemplate := template.DeepCopy()
		rsTemplate.Labels = rsLabels
		rs := &appsv1.ReplicaSet{
			ObjectMeta: metav1.ObjectMeta{Name: w.name + "-" + hash, Namespace: w.namespace, Labels: rsLabels,
				Annotations: map[string]string{"deployment.kubernetes.io/revision": "1"},
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: dep.Name, UID: dep.UID,
					Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}}},
			Spec: appsv1.ReplicaSetSpec{Replicas: dep.Spec.Replicas, Selector: &metav1.LabelSelector{MatchLabels: rsLabels}, Template: *rsTemplate},
		}
		rs, err = cs.AppsV1().ReplicaSets(w.namespace).Create(ctx, rs, metav1.CreateOptions{})
		if err != nil {
			return nil, err
		}
		n := int32(w.replicas)
		rs.Status = appsv1.ReplicaSetStatus{Replicas: n, ReadyReplicas: n, AvailableReplicas: n, FullyLabeledReplicas: n, ObservedGeneration: rs.Generation}
		if _, err := cs.AppsV1().ReplicaSets(w.namespace).UpdateStatus(ctx, rs, metav1.UpdateOptions{}); err != nil {
			return nil, err
		}
		dep.Status = appsv1.DeploymentStatus{Replicas: n, ReadyReplicas: n, AvailableReplicas: n, UpdatedReplicas: n, ObservedGeneration: dep.Generation}
		if _, err := cs.AppsV1().Deployments(w.namespace).UpdateStatus(ctx, dep, metav1.UpdateOptions{}); err != nil {
			return nil, err
		}
		rsNames[w.name] = rs.Name
	}
	return rsNames, nil
}

func workloadLabels(app, hash string) map[string]string {
	l := map[string]string{"app": app}
	if hash != "" {
		l["pod-template-hash"] = hash
	}
	return l
}

func ignoreExists[T any](_ T, err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func mustRESTConfig(kubeconfig string) *rest.Config {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		panic(err)
	}
	return cfg
}

// adminClient is an HTTP client that trusts the cluster CA and sends the admin token.
func adminClient(kubeconfig string) (*http.Client, error) {
	cfg := mustRESTConfig(kubeconfig)
	cfg.Timeout = 5 * time.Second
	return rest.HTTPClientFor(cfg)
}

// waitHTTP polls url until it answers 200 OK.
func waitHTTP(url string, client *http.Client, timeout time.Duration) error {
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Second}
	}
	deadline := time.Now().Add(timeout)
	last := "no answer"
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %v: %s", url, timeout, last)
}
