import ArgumentParser
@main struct Floc: ParsableCommand { func run() {} }
