from animdirector.cli import main

raise SystemExit(main())
