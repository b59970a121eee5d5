/**
 * Common English words, for tests that ask questions made of ordinary words: nouns, verbs and adjectives
 * people use in questions about the news, inflected as they are written.
 */
export const COMMON_ENGLISH_WORDS: readonly string[] = `
latest report recent largest repeated about above accept account across action activity actually address
admit adult affect afraid agency agent agree ahead allow almost alone along already although always amount
analysis animal answer anyone anything appear apply approach argue around arrive article artist assume attack
attention attorney audience author available avoid baby back bad bag ball bank bar base beat beautiful become
bed before begin behavior behind believe benefit best better beyond big bill billion bit black blood blue board
body book born both box boy break bring brother budget building business buy call camera campaign cancer
capital card care career carry case catch cause cell center central century certain chair challenge chance
change character charge check child choice choose church citizen civil claim class clear close coach cold
collection college color come commercial common community company compare computer concern condition
conference consider consumer contain continue control cost could country couple course court cover create
crime cultural culture cup current customer cut dark data daughter dead deal death debate decade decide
decision deep defense degree describe design despite detail determine develop difference different difficult
dinner direction director discover discuss disease doctor dog door down draw dream drive drop drug during
early east easy economic economy edge education effect effort eight either election else employee energy
enjoy enough enter entire environment especially establish evening event ever every evidence exactly example
executive exist expect experience expert explain eye face fact factor fail fall family far fast father fear
federal feeling few field fight figure fill film final finally financial find fine finger finish fire firm
first fish five floor fly focus follow food foot force foreign forget form former forward four free friend
front full fund future game garden gas general generation girl give glass goal good government great green
ground group grow growth guess gun guy hair half hand hang happen happy hard have head health hear heart heat
heavy help herself high himself history hit hold home hope hospital hotel hour house however huge human
hundred husband idea identify image imagine impact important improve include including increase indeed
indicate individual industry information inside instead institution interest interesting international
interview investment involve issue item itself job join just keep kill kind kitchen know knowledge land
language large last late later laugh lawyer lead leader learn least leave left legal less letter level
light like likely line list listen little live local long look lose loss love low machine magazine main
maintain major majority make manage management manager market marriage material matter maybe measure media
medical meet meeting member memory mention message method middle might military million mind minute miss
mission model modern moment money month morning mother mouth move movement movie much music myself
national natural nature near nearly necessary need network never news newspaper next nice night none north
note nothing notice number occur offer office officer official often oil once only open operation
opportunity option order organization other others outside owner page pain painting paper parent part
participant particular partner party pass past patient pattern peace people perform perhaps period person
personal phone physical pick picture piece place plan plant player point police policy political politics
poor popular population position positive possible power practice prepare present pressure pretty prevent
price private probably problem process produce product production professional professor program project
property protect prove provide public pull purpose push quality question quickly quite race radio raise range
rate rather reach read ready real reality realize really reason receive recently recognize record reduce
reflect region relate relationship religious remain remember remove represent require research resource
respond response rest result return reveal rich right rise risk road rock role room rule safe same save
scene school science scientist score season seat second section security seek seem sell send senior sense
series serious serve service seven several shake share shoot short shot should shoulder show side sign
significant similar simple simply since sing single sister sit site situation size skill skin small smile
social society soldier some somebody someone something sometimes song soon sort sound source south southern
space speak special specific speech spend sport spring staff stage stand standard star start state
statement station stay step still stock stop store story strategy street strong structure student study
stuff style subject success successful suddenly suffer suggest summer support sure surface system table
take talk task teach teacher team technology television tell tend term test thank themselves theory thing
think third thought thousand threat three through throughout throw thus today together tonight total tough
toward town trade traditional training travel treat treatment tree trial trip trouble true truth try turn
type under understand unit until upon usually value various very victim view violence visit voice vote wait
walk wall want watch water weapon wear week weight well west western whatever whether while white whole
widely wife window wish within without woman wonder word work worker world worry would write writer wrong
yard yeah year young yourself
`
  .trim()
  .split(/\s+/);
