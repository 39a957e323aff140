"""python -m crepitus"""

from crepitus.cli.app import main

main()
