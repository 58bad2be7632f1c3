"""One module per ``kg`` subcommand: each has ``register(subparsers)`` and ``run(args)``.

To add a command, write ``kg/commands/NAME.py`` and add NAME to
:data:`kg.cli.COMMANDS`.  Modules import heavy libraries inside ``run`` so
that ``kg --help`` stays fast.
"""
