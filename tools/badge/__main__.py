from tools.badge.cli import main

raise SystemExit(main())
