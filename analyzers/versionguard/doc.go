// Package versionguard defines an Analyzer that reports DynamoDB writes in
// a migration that are not guarded by the item's version.
//
// # Analyzer versionguard
//
// versionguard: report DynamoDB writes in a migration that are not guarded by the item's version
//
// A migration is re-run after a partial failure, so each of its writes
// must be safe to repeat: a write that is not conditioned on the item's
// version, nor preceded by a check of it, would write over items that the
// first run already migrated, or that the application changed since.
//
// A write is any of these, whatever the receiver (the client, an
// interface, a wrapper):
//
//   - a call that takes a *dynamodb.PutItemInput, UpdateItemInput,
//     DeleteItemInput, BatchWriteItemInput, TransactWriteItemsInput,
//     ExecuteStatementInput, BatchExecuteStatementInput or
//     ExecuteTransactionInput (github.com/aws/aws-sdk-go-v2/service/dynamodb).
//     A PartiQL SELECT is a read, and an INSERT is no write to guard: on
//     an existing key it fails (DuplicateItemException) instead of
//     overwriting; the statements of a batch or transaction are judged one
//     by one;
//   - a write through github.com/guregu/dynamo/v2: a Put, Update or Delete
//     run by a method that takes a context (Run, OldValue, Value, ...),
//     each Put, Update and Delete added to a WriteTx (reported at the call
//     that adds it), and a BatchWrite's Run;
//   - a call of a function that performs an unguarded write itself, in
//     this package or in a package it imports (known through facts);
//   - a call through an interface method when a type of this package or
//     of a package it imports implements the interface with a method that
//     writes (the application's own repository or store interfaces);
//   - a call of a function listed in [versionguard].writers.
//
// A wrapper that passes its own input parameter on is not a write itself:
// its callers pass the input, so their calls are.
//
// A write is guarded when one of these holds:
//
//  1. Its condition names a version attribute: a ConditionExpression, a
//     literal, a constant, fmt.Sprintf of those, or a variable (each value
//     assigned to it must name the version, so a condition chosen in an
//     if/else or a switch is guarded only when every choice is), directly
//     or through ExpressionAttributeNames; a condition built with
//     feature/dynamodb/expression on expression.Name("version"); the
//     legacy Expected map; guregu/dynamo's If ('version', or $ with the
//     name as an argument). Every Put, Update and Delete of a transaction
//     needs its own. A PartiQL UPDATE or DELETE needs the attribute in its
//     WHERE clause. A builder of this package's dependencies whose
//     condition is only known at run time takes the names in the string
//     arguments of the condition methods (If..., When..., ...Condition...)
//     called on its receiver.
//  2. The write only runs where the item's version has been compared:
//     inside an if (or a switch case) whose condition compares a version
//     (a field, a map entry item["version"], a getter such as
//     dbmodel.Version(item), a variable assigned from one of them, or a
//     call of a function or method returning a bool that is such a
//     comparison, in any package: if rec.UpToDate() { continue }), or
//     after such an if whose body leaves (return, continue, break, goto,
//     panic, log.Fatal..., log.Panic..., os.Exit), in an enclosing block.
//     Items appended to a slice only under such a check guard the write
//     of that slice.
//  3. A //miglint:ignore versionguard -- reason comment is on the line of
//     the call or the line above. Without a reason the comment silences
//     nothing and is reported; one that silences nothing is reported as
//     unused.
//
// A BatchWriteItem cannot carry a condition, so only 2 or 3 can guard it.
// Version attributes are [versionguard].attributes in importrules.toml
// (default "version"), matched case-insensitively against attribute
// names, Go field names (and their dynamodbav, dynamo and json tags) and
// getters (Version, GetVersion).
//
// Where a write is reported: an SDK call in the migration at the call; a
// write inside a helper function of the migration's own package once, at
// the write, unless some calls of the helper are guarded and others are
// not (then at each unguarded call); a write in a function that runs on
// its own (main, one used as a value) there, and not again at calls of
// it; a write in another package at the migration's call that leads to
// it, with the write's place (dir/file:line) in the message; a member of
// a guregu/dynamo transaction at the call that adds it. The
// message says what is unguarded and what to do: a condition where the
// write can carry one, or a check of the version before it, ending in
// continue inside a loop and in return elsewhere.
//
// Facts are computed for every package, migration or not, because the
// data-model helpers live outside the migrations. A fact records each
// write a function performs with the names that guard it, not a verdict:
// the package that reports decides with its own [versionguard].attributes,
// so a helper module's facts are the same whatever repository imports it,
// under go vet and standalone alike. [versionguard].writers applies to
// the calls in the packages its configuration governs; packages of
// dependency modules (modules with a version) are analysed without it.
//
// What miglint cannot see counts as unguarded: an input or a condition
// built in another package (other than through a helper that performs the
// write), or by a function of this package with more than one result. A
// call through a function value is a write only when it takes a write's
// input. Guards are lexical: a comparison in the caller guards the call
// of a helper, not the helper's other calls.
package versionguard
