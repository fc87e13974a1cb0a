package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

// configMapRecord is the LeaderElectionRecord as client-go's ConfigMapLock wrote it (client-go up to
// v0.26): five fields, times as metav1.Time (RFC3339, whole seconds). Today's record type has gained
// strategy and preferredHolder, which the old lock never wrote, so the annotation is made from this.
type configMapRecord struct {
	HolderIdentity       string      `json:"holderIdentity"`
	LeaseDurationSeconds int         `json:"leaseDurationSeconds"`
	AcquireTime          metav1.Time `json:"acquireTime"`
	RenewTime            metav1.Time `json:"renewTime"`
	LeaderTransitions    int         `json:"leaderTransitions"`
}

// configMapLock is client-go's removed ConfigMapLock (resourcelock.configMapsResourceLock, deleted in
// v0.27), rewritten against resourcelock.Interface: the record lives in the annotation
// control-plane.alpha.kubernetes.io/leader of a ConfigMap; Get, Create (when missing) and Update
// (with the resourceVersion of the last Get, so a concurrent writer gets a conflict); LeaderElection
// Events on the ConfigMap. The ConfigMap's data is left alone.
type configMapLock struct {
	meta   metav1.ObjectMeta
	client corev1client.ConfigMapsGetter
	config resourcelock.ResourceLockConfig
	cm     *corev1.ConfigMap
}

var _ resourcelock.Interface = (*configMapLock)(nil)

func (l *configMapLock) Get(ctx context.Context) (*resourcelock.LeaderElectionRecord, []byte, error) {
	cm, err := l.client.ConfigMaps(l.meta.Namespace).Get(ctx, l.meta.Name, metav1.GetOptions{})
	if err != nil {
		return nil, nil, err
	}
	l.cm = cm
	if l.cm.Annotations == nil {
		l.cm.Annotations = map[string]string{}
	}
	var record configMapRecord
	raw, found := l.cm.Annotations[resourcelock.LeaderElectionRecordAnnotationKey]
	if found {
		if err := json.Unmarshal([]byte(raw), &record); err != nil {
			return nil, nil, err
		}
	}
	return &resourcelock.LeaderElectionRecord{
		HolderIdentity:       record.HolderIdentity,
		LeaseDurationSeconds: record.LeaseDurationSeconds,
		AcquireTime:          record.AcquireTime,
		RenewTime:            record.RenewTime,
		LeaderTransitions:    record.LeaderTransitions,
	}, []byte(raw), nil
}

func (l *configMapLock) Create(ctx context.Context, ler resourcelock.LeaderElectionRecord) error {
	raw, err := marshalRecord(ler)
	if err != nil {
		return err
	}
	l.cm, err = l.client.ConfigMaps(l.meta.Namespace).Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: l.meta.Name, Namespace: l.meta.Namespace,
			Annotations: map[string]string{resourcelock.LeaderElectionRecordAnnotationKey: raw}},
	}, metav1.CreateOptions{})
	return err
}

func (l *configMapLock) Update(ctx context.Context, ler resourcelock.LeaderElectionRecord) error {
	if l.cm == nil {
		return errors.New("configmap not initialized, call get or create first")
	}
	raw, err := marshalRecord(ler)
	if err != nil {
		return err
	}
	if l.cm.Annotations == nil {
		l.cm.Annotations = map[string]string{}
	}
	l.cm.Annotations[resourcelock.LeaderElectionRecordAnnotationKey] = raw
	cm, err := l.client.ConfigMaps(l.meta.Namespace).Update(ctx, l.cm, metav1.UpdateOptions{})
	if err != nil {
		return err
	}
	l.cm = cm
	return nil
}

func (l *configMapLock) RecordEvent(s string) {
	if l.config.EventRecorder == nil || l.cm == nil {
		return
	}
	subject := &corev1.ConfigMap{ObjectMeta: l.cm.ObjectMeta}
	subject.Kind = "ConfigMap"
	subject.APIVersion = corev1.SchemeGroupVersion.String()
	l.config.EventRecorder.Eventf(subject, corev1.EventTypeNormal, "LeaderElection", "%s", fmt.Sprintf("%v %v", l.config.Identity, s))
}

func (l *configMapLock) Describe() string { return l.meta.Namespace + "/" + l.meta.Name }

func (l *configMapLock) Identity() string { return l.config.Identity }

func marshalRecord(ler resourcelock.LeaderElectionRecord) (string, error) {
	b, err := json.Marshal(configMapRecord{
		HolderIdentity:       ler.HolderIdentity,
		LeaseDurationSeconds: ler.LeaseDurationSeconds,
		AcquireTime:          ler.AcquireTime,
		RenewTime:            ler.RenewTime,
		LeaderTransitions:    ler.LeaderTransitions,
	})
	return string(b), err
}
