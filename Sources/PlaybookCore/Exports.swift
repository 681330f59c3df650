// PlaybookCore is the package's one library product: the `playbook` command, PlaybookServe, the
// fuzz targets and the tests import it alone. It re-exports the stage targets below it, so that
// they see the pipeline's values (settings, diagnostics, the site) without naming each stage.
@_exported import PlaybookModel
@_exported import PlaybookLoad
@_exported import PlaybookParse
@_exported import PlaybookAssemble
@_exported import PlaybookCheck
@_exported import PlaybookRender
@_exported import PlaybookIndex
@_exported import PlaybookWrite
