// The language server's entry point. The transport comes from the command line: `--stdio` for
// protocol tests and other editors, `--node-ipc` when the VS Code client starts it.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
