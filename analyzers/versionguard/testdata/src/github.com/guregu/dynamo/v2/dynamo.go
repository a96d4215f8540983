// Package dynamo is a stand-in for github.com/guregu/dynamo/v2 with the
// part of its API that the tests use. versionguard reads the library's
// API, not its code, so the bodies do nothing.
package dynamo

import "context"

type DB struct{}

func New() *DB { return &DB{} }

type Table struct{ name string }

func (db *DB) Table(name string) Table { return Table{name} }

type Put struct{}

func (table Table) Put(item interface{}) *Put                      { return &Put{} }
func (p *Put) If(expr string, args ...interface{}) *Put            { return p }
func (p *Put) Run(ctx context.Context) error                       { return nil }
func (p *Put) OldValue(ctx context.Context, out interface{}) error { return nil }

type Update struct{}

func (table Table) Update(hashKey string, value interface{}) *Update { return &Update{} }
func (u *Update) Set(path string, value interface{}) *Update         { return u }
func (u *Update) If(expr string, args ...interface{}) *Update        { return u }
func (u *Update) Run(ctx context.Context) error                      { return nil }
func (u *Update) Value(ctx context.Context, out interface{}) error   { return nil }

type Delete struct{}

func (table Table) Delete(name string, value interface{}) *Delete { return &Delete{} }
func (d *Delete) If(expr string, args ...interface{}) *Delete     { return d }
func (d *Delete) Run(ctx context.Context) error                   { return nil }

type WriteTx struct{}

func (db *DB) WriteTx() *WriteTx                  { return &WriteTx{} }
func (tx *WriteTx) Put(p *Put) *WriteTx           { return tx }
func (tx *WriteTx) Update(u *Update) *WriteTx     { return tx }
func (tx *WriteTx) Delete(d *Delete) *WriteTx     { return tx }
func (tx *WriteTx) Run(ctx context.Context) error { return nil }

type Batch struct{}

func (table Table) Batch(hashAndRangeKeyName ...string) Batch { return Batch{} }

type BatchWrite struct{}

func (b Batch) Write() *BatchWrite                                    { return &BatchWrite{} }
func (bw *BatchWrite) Put(items ...interface{}) *BatchWrite           { return bw }
func (bw *BatchWrite) Run(ctx context.Context) (wrote int, err error) { return 0, nil }
