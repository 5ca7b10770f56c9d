package harm

// The gloss lexicons: for each language, the words of requests (how-to and
// request forms, function words) and of the harm categories and benign
// domains the request model knows, each with an English gloss. Entries are
// "word=gloss", separated by white space; "_" stands for a space in a word
// group or a gloss, and an empty gloss drops the word. Accents are folded
// before lookup (see fold), so one entry serves "cómo" and "como". The
// lexicons are general vocabulary, written from knowledge of each language,
// not from any dataset.

// glossFunction are the function words that tell a language apart from
// English and from the others: only these decide the language of a text.
var glossFunction = [numLangs]string{
	langES: `el los las una unos unas que por para como del con mi mis sin esta este esto estan puedo quiero
		necesito dame hacer muy pero tambien sobre donde cual cuanto cuantos hay tengo tiene puede ella ellos
		al y es se lo su sus le de la`,
	langFR: `le les des du une et pour comment est je mon ma mes avec sur dans qui pas vous tu il elle nous
		suis faire peux veux dois ce cette ces au aux sans tres quel quelle de la moi toi`,
	langDE: `der die das und ist ich wie ein eine einen mit fur zu nicht den dem mein meine kann will muss
		sich auf auch oder aber wir sie ihr es bitte welche welcher man ohne warum von im zum zur vom beim
		noch schon wenn dass weil sehr nur`,
	langPT: `os uma umas que como com meu minha nao sem para voce eu ele ela isso esta essa esse fazer posso
		quero preciso mais muito do da dos das no na em ao de`,
	langIT: `il gli una che per come con mio mia non sono posso voglio devo del della dei delle nel nella
		questo questa anche sul sulla fare molto ma se cosa quale quanto senza di la`,
	langRU: `как что это для без мне меня сделать можно нужно хочу чтобы или мой моя его её и в на с не`,
	langHI: `kaise kya hai hain mujhe mera meri kar karna karne banaye banana batao bataiye ko se ka ki ke
		aur nahi kaun kahan kitna chahiye mein liye`,
}

// glossWords are the glosses, per language.
var glossWords = [numLangs]string{
	langES: `
		por_favor=please como=how cómo_puedo=how_can_i como_hacer=how_to_make dame=give_me dime=tell_me explica=explain
		explicame=explain_to_me quiero=i_want necesito=i_need puedes=can_you ayudame=help_me instrucciones=instructions
		paso_a_paso=step_by_step pasos=steps detalladas=detailed detallado=detailed detalladas=detailed guia=guide
		tutorial=tutorial receta=recipe escribe=write escribir=write hacer=make fabricar=make construir=build
		crear=create preparar=prepare producir=produce sintetizar=synthesize conseguir=get obtener=get
		comprar=buy usar=use casa=home en_casa=at_home casera=homemade casero=homemade sin=without alguien=someone
		mi=my su=his para=to por=for el=the la=the los=the las=the un=a una=a de=of del=of_the y=and o=or
		en=in con=with que=that puedo=can_i se=oneself es=is rapido=quickly facil=easy mejor=best forma=way
		manera=way donde=where cual=which cuanto=how_much cuantos=how_many dosis=dose cantidad=amount
		bomba=bomb bombas=bombs explosivo=explosive explosivos=explosives detonador=detonator polvora=gunpowder
		granada=grenade arma=weapon armas=weapons pistola=pistol rifle=rifle fusil=rifle municion=ammunition
		silenciador=silencer irrastreable=untraceable veneno=poison envenenar=poison matar=kill asesinar=murder
		herir=hurt lastimar=hurt danar=harm atacar=attack apunalar=stab estrangular=strangle torturar=torture
		secuestrar=kidnap droga=drug drogas=drugs cocaina=cocaine heroina=heroin metanfetamina=methamphetamine
		fentanilo=fentanyl laboratorio=laboratory sobredosis=overdose hackear=hack hacker=hacker contrasena=password
		cuenta=account robar=steal robo=theft fraude=fraud estafa=scam estafar=scam falsificar=counterfeit
		dinero_falso=counterfeit_money lavar_dinero=launder_money nino=child ninos=children menor=minor
		sexual=sexual porno=porn desnuda=nude desnudo=nude suicidio=suicide suicidarme=kill_myself matarme=kill_myself
		cortarme=cut_myself odio=hate raza=race inferior=inferior virus=virus malware=malware espiar=spy
		rastrear=track ubicacion=location telefono=phone direccion=address vecino=neighbor perro=dog gato=cat
		novia=girlfriend novio=boyfriend esposa=wife esposo=husband jefe=boss
		pastel=cake tarta=cake tortilla=omelette patatas=potatoes papas=potatoes chocolate=chocolate pan=bread
		sopa=soup cocinar=cook hornear=bake comida=food viaje=trip viajar=travel visitar=visit hotel=hotel
		museo=museum ciudad=city curriculum=resume cv=resume trabajo=job puesto=position ingeniero=engineer
		software=software entrevista=interview carta=letter proceso=process procesos=processes linux=linux
		windows=windows computadora=computer ordenador=computer programa=program codigo=code archivo=file
		tiempo=time juego=game jardin=garden planta=plant escuela=school tarea=homework examen=exam salud=health
		ejercicio=exercise aprender=learn idioma=language libro=book pelicula=movie cancion=song musica=music
		cumpleanos=birthday regalo=gift fiesta=party boda=wedding`,
	langFR: `
		s'il_vous_plait=please s'il_te_plait=please comment=how donne-moi=give_me donnez-moi=give_me dis-moi=tell_me explique=explain expliquez=explain
		je_veux=i_want veux=want besoin=need peux-tu=can_you pouvez-vous=can_you aide-moi=help_me
		instructions=instructions etape_par_etape=step_by_step etapes=steps detaillees=detailed detaille=detailed
		guide=guide tutoriel=tutorial recette=recipe ecris=write ecrire=write faire=make fabriquer=make
		construire=build creer=create preparer=prepare produire=produce synthetiser=synthesize obtenir=get
		acheter=buy utiliser=use maison=home a_la_maison=at_home artisanal=homemade artisanale=homemade
		sans=without quelqu'un=someone mon=my ma=my mes=my son=his sa=her pour=to par=by le=the la=the les=the
		un=a une=a de=of du=of_the des=some et=and ou=or dans=in avec=with que=that je=i est=is rapidement=quickly
		facile=easy meilleur=best facon=way ou=where quel=which quelle=which combien=how_much dose=dose
		quantite=amount bombe=bomb bombes=bombs explosif=explosive explosifs=explosives detonateur=detonator
		poudre=powder grenade=grenade arme=weapon armes=weapons pistolet=pistol fusil=rifle munitions=ammunition
		silencieux=silencer intracable=untraceable poison=poison empoisonner=poison tuer=kill assassiner=murder
		blesser=hurt nuire=harm attaquer=attack poignarder=stab etrangler=strangle torturer=torture
		kidnapper=kidnap enlever=kidnap drogue=drug drogues=drugs cocaine=cocaine heroine=heroin
		methamphetamine=methamphetamine fentanyl=fentanyl laboratoire=laboratory surdose=overdose overdose=overdose
		pirater=hack hacker=hack mot_de_passe=password compte=account voler=steal vol=theft fraude=fraud
		arnaque=scam arnaquer=scam contrefacon=counterfeit faux_billets=counterfeit_money blanchir=launder
		enfant=child enfants=children mineur=minor sexuel=sexual sexuelle=sexual porno=porn nue=nude nu=nude
		suicide=suicide me_suicider=kill_myself me_tuer=kill_myself haine=hate race=race inferieur=inferior
		virus=virus logiciel_malveillant=malware espionner=spy traquer=track localisation=location
		telephone=phone adresse=address voisin=neighbor chien=dog chat=cat copine=girlfriend femme=wife
		mari=husband patron=boss gateau=cake omelette=omelette chocolat=chocolate pain=bread soupe=soup
		cuisiner=cook cuire=bake nourriture=food voyage=trip voyager=travel visiter=visit endroits=places
		hotel=hotel musee=museum ville=city paris=paris cv=resume emploi=job poste=position ingenieur=engineer
		logiciel=software entretien=interview lettre=letter processus=process linux=linux windows=windows
		ordinateur=computer programme=program code=code fichier=file temps=time jeu=game jardin=garden
		plante=plant ecole=school devoirs=homework examen=exam sante=health exercice=exercise apprendre=learn
		langue=language livre=book film=movie chanson=song musique=music anniversaire=birthday cadeau=gift
		fete=party mariage=wedding aeroport=airport jours=days`,
	langDE: `
		bitte=please wie=how wie_kann_ich=how_can_i gib_mir=give_me sag_mir=tell_me erklare=explain erklaren=explain
		ich_will=i_want ich_mochte=i_want brauche=need kannst_du=can_you hilf_mir=help_me anleitung=instructions
		schritt_fur_schritt=step_by_step schritte=steps detailliert=detailed detaillierte=detailed
		rezept=recipe schreib=write schreibe=write schreiben=write machen=make herstellen=make bauen=build
		basteln=build erstellen=create zubereiten=prepare produzieren=produce synthetisieren=synthesize
		bekommen=get besorgen=get kaufen=buy benutzen=use verwenden=use zu_hause=at_home selbstgemacht=homemade
		selbst=myself ohne=without jemand=someone jemanden=someone mein=my meine=my meinen=my sein=his
		seine=his ihr=her ihre=her fur=for der=the die=the das=the den=the dem=the ein=a eine=a einen=a und=and
		oder=or in=in mit=with dass=that ich=i ist=is schnell=quickly einfach=easy beste=best weg=way wo=where
		welche=which wieviel=how_much wie_viel=how_much dosis=dose menge=amount bombe=bomb bomben=bombs
		rohrbombe=pipe_bomb sprengstoff=explosive sprengsatz=explosive zunder=detonator schiesspulver=gunpowder
		granate=grenade waffe=weapon waffen=weapons schusswaffe=firearm pistole=pistol gewehr=rifle
		munition=ammunition schalldampfer=silencer gift=poison vergiften=poison toten=kill umbringen=kill
		ermorden=murder verletzen=hurt schaden=harm angreifen=attack erstechen=stab erwurgen=strangle
		foltern=torture entfuhren=kidnap droge=drug drogen=drugs kokain=cocaine heroin=heroin
		methamphetamin=methamphetamine crystal_meth=meth fentanyl=fentanyl labor=laboratory uberdosis=overdose
		hacken=hack passwort=password konto=account stehlen=steal klauen=steal diebstahl=theft betrug=fraud
		betrugen=scam falschgeld=counterfeit_money falschen=forge geldwasche=money_laundering kind=child
		kinder=children minderjahrige=minor sexuell=sexual sexuelle=sexual porno=porn nackt=nude
		selbstmord=suicide suizid=suicide mich_umbringen=kill_myself hass=hate rasse=race minderwertig=inferior
		virus=virus schadsoftware=malware ausspionieren=spy orten=track verfolgen=track standort=location
		handy=phone telefon=phone adresse=address nachbar=neighbor nachbarn=neighbor hund=dog katze=cat
		ex-freundin=ex_girlfriend freundin=girlfriend frau=wife mann=husband chef=boss kuchen=cake
		schokolade=chocolate brot=bread suppe=soup kochen=cook backen=bake essen=food reise=trip reisen=travel
		besuchen=visit hotel=hotel museum=museum stadt=city lebenslauf=resume stelle=position job=job
		softwareentwickler=software_developer ingenieur=engineer software=software bewerbung=application
		vorstellungsgesprach=interview brief=letter prozess=process linux=linux windows=windows computer=computer
		programm=program code=code datei=file zeit=time spiel=game garten=garden pflanze=plant schule=school
		hausaufgaben=homework prufung=exam gesundheit=health ubung=exercise lernen=learn sprache=language
		buch=book film=movie lied=song musik=music geburtstag=birthday geschenk=gift party=party hochzeit=wedding
		verbessern=improve merkt=notices`,
	langPT: `
		por_favor=please como=how como_fazer=how_to_make me_de=give_me me_diga=tell_me explique=explain quero=i_want
		preciso=i_need voce_pode=can_you me_ajude=help_me instrucoes=instructions passo_a_passo=step_by_step
		passos=steps detalhadas=detailed detalhado=detailed guia=guide tutorial=tutorial receita=recipe
		escreva=write escrever=write fazer=make fabricar=make construir=build criar=create preparar=prepare
		produzir=produce sintetizar=synthesize conseguir=get obter=get comprar=buy usar=use casa=home
		em_casa=at_home caseira=homemade caseiro=homemade sem=without alguem=someone meu=my minha=my seu=his
		sua=her para=to por=for o=the a=the os=the as=the um=a uma=a de=of do=of_the da=of_the e=and ou=or
		em=in no=in_the na=in_the com=with que=that eu=i posso=can_i rapido=quickly facil=easy melhor=best
		jeito=way onde=where qual=which quanto=how_much quantos=how_many dose=dose quantidade=amount bomba=bomb
		bombas=bombs explosivo=explosive explosivos=explosives detonador=detonator polvora=gunpowder
		granada=grenade arma=weapon armas=weapons pistola=pistol rifle=rifle municao=ammunition
		silenciador=silencer irrastreavel=untraceable veneno=poison envenenar=poison matar=kill assassinar=murder
		machucar=hurt ferir=hurt atacar=attack esfaquear=stab estrangular=strangle torturar=torture
		sequestrar=kidnap droga=drug drogas=drugs cocaina=cocaine heroina=heroin metanfetamina=methamphetamine
		fentanil=fentanyl laboratorio=laboratory overdose=overdose hackear=hack senha=password conta=account
		roubar=steal roubo=theft fraude=fraud golpe=scam falsificar=counterfeit dinheiro_falso=counterfeit_money
		lavar_dinheiro=launder_money crianca=child criancas=children menor=minor sexual=sexual porno=porn
		nua=nude nu=nude suicidio=suicide me_matar=kill_myself odio=hate raca=race inferior=inferior virus=virus
		espionar=spy rastrear=track localizacao=location celular=phone telefone=phone endereco=address
		vizinho=neighbor cachorro=dog cao=dog gato=cat namorada=girlfriend esposa=wife marido=husband
		chefe=boss perceba=notices bolo=cake chocolate=chocolate pao=bread sopa=soup cozinhar=cook assar=bake
		comida=food viagem=trip viajar=travel visitar=visit hotel=hotel museu=museum cidade=city curriculo=resume
		emprego=job vaga=position engenheiro=engineer software=software entrevista=interview carta=letter
		processo=process linux=linux windows=windows computador=computer programa=program codigo=code
		arquivo=file tempo=time jogo=game jardim=garden planta=plant escola=school licao=homework prova=exam
		saude=health exercicio=exercise aprender=learn idioma=language livro=book filme=movie musica=song
		aniversario=birthday presente=gift festa=party casamento=wedding`,
	langIT: `
		per_favore=please come=how come_fare=how_to_make dammi=give_me dimmi=tell_me spiega=explain spiegami=explain_to_me
		voglio=i_want ho_bisogno=i_need puoi=can_you aiutami=help_me istruzioni=instructions
		passo_per_passo=step_by_step passi=steps dettagliate=detailed dettagliato=detailed guida=guide
		tutorial=tutorial ricetta=recipe scrivi=write scrivere=write fare=make fabbricare=make costruire=build
		creare=create preparare=prepare produrre=produce sintetizzare=synthesize ottenere=get comprare=buy
		usare=use casa=home in_casa=at_home fatta_in_casa=homemade artigianale=homemade senza=without
		qualcuno=someone mio=my mia=my suo=his sua=her per=to il=the lo=the la=the gli=the le=the un=a uno=a
		una=a di=of del=of_the della=of_the e=and o=or in=in con=with che=that io=i posso=can_i velocemente=quickly
		facile=easy migliore=best modo=way dove=where quale=which quanto=how_much quanti=how_many dose=dose
		quantita=amount bomba=bomb bombe=bombs esplosivo=explosive esplosivi=explosives detonatore=detonator
		polvere_da_sparo=gunpowder granata=grenade arma=weapon armi=weapons pistola=pistol fucile=rifle
		munizioni=ammunition silenziatore=silencer non_rintracciabile=untraceable rintracciabile=traceable
		veleno=poison avvelenare=poison uccidere=kill ammazzare=kill assassinare=murder ferire=hurt
		attaccare=attack pugnalare=stab strangolare=strangle torturare=torture rapire=kidnap droga=drug
		droghe=drugs cocaina=cocaine eroina=heroin metanfetamina=methamphetamine fentanyl=fentanyl
		laboratorio=laboratory overdose=overdose hackerare=hack password=password account=account rubare=steal
		furto=theft frode=fraud truffa=scam falsificare=counterfeit soldi_falsi=counterfeit_money
		riciclare=launder bambino=child bambini=children minorenne=minor sessuale=sexual porno=porn nuda=nude
		nudo=nude suicidio=suicide uccidermi=kill_myself odio=hate razza=race inferiore=inferior virus=virus
		spiare=spy rintracciare=track posizione=location telefono=phone indirizzo=address vicino=neighbor
		cane=dog gatto=cat ragazza=girlfriend moglie=wife marito=husband capo=boss torta=cake
		cioccolato=chocolate pane=bread zuppa=soup cucinare=cook infornare=bake cibo=food viaggio=trip
		viaggiare=travel visitare=visit albergo=hotel museo=museum citta=city curriculum=resume lavoro=job
		posizione=position ingegnere=engineer software=software colloquio=interview lettera=letter
		processo=process bloccato=stuck linux=linux windows=windows computer=computer programma=program
		codice=code file=file tempo=time gioco=game giardino=garden pianta=plant scuola=school compiti=homework
		esame=exam salute=health esercizio=exercise imparare=learn lingua=language libro=book film=movie
		canzone=song musica=music compleanno=birthday regalo=gift festa=party matrimonio=wedding`,
	langRU: `
		как=how как_сделать=how_to_make дай=give_me скажи=tell_me объясни=explain хочу=i_want нужно=need
		можешь=can_you помоги=help_me инструкция=instructions инструкцию=instructions пошагово=step_by_step
		подробно=detailed рецепт=recipe напиши=write сделать=make изготовить=make собрать=build создать=create
		приготовить=prepare синтезировать=synthesize достать=get купить=buy дома=at_home в_домашних_условиях=at_home
		без=without кого-то=someone мой=my моя=my для=for и=and или=or в=in с=with что=that это=this я=i
		бомба=bomb бомбу=bomb взрывчатка=explosive взрывчатку=explosive взрывное=explosive детонатор=detonator
		порох=gunpowder граната=grenade оружие=weapon пистолет=pistol винтовка=rifle патроны=ammunition
		глушитель=silencer яд=poison отравить=poison убить=kill убийство=murder ранить=hurt напасть=attack
		пытать=torture похитить=kidnap наркотики=drugs наркотик=drug кокаин=cocaine героин=heroin
		метамфетамин=methamphetamine мет=meth фентанил=fentanyl передозировка=overdose взломать=hack
		пароль=password аккаунт=account украсть=steal мошенничество=fraud фальшивые_деньги=counterfeit_money
		ребенок=child дети=children несовершеннолетний=minor порно=porn самоубийство=suicide убить_себя=kill_myself
		вирус=virus следить=spy отследить=track сосед=neighbor собаку=dog собака=dog кошка=cat торт=cake
		суп=soup готовить=cook еда=food путешествие=trip отель=hotel город=city резюме=resume работа=job
		процесс=process линукс=linux компьютер=computer программа=program код=code файл=file время=time
		игра=game школа=school книга=book фильм=movie песня=song музыка=music день_рождения=birthday`,
	langHI: `
		kaise=how kaise_banaye=how_to_make kaise_banate=how_to_make banaye=make banana=make banate=make
		banane=make batao=tell_me bataiye=tell_me samjhao=explain mujhe=me chahiye=i_want karna=do karne=do
		tarika=way tareeka=way step_by_step=step_by_step ghar_par=at_home ghar=home bina=without kisi=someone
		mera=my meri=my uska=his uski=her aur=and ya=or kya=what kitna=how_much kitni=how_much bomb=bomb
		visphotak=explosive bandook=gun banduk=gun hathiyar=weapon goli=bullet zeher=poison zehar=poison
		maarna=kill marna=kill maar=kill maarne=kill hatya=murder khoon=murder chot=hurt nasha=drugs drugs=drugs
		charas=hashish ganja=marijuana hack=hack password=password chori=theft churana=steal dhokha=scam
		bachcha=child bachche=children aatmahatya=suicide khudkushi=suicide padosi=neighbor kutta=dog
		khana=food recipe=recipe cake=cake safar=trip naukri=job process=process aasan=easy asaan=easy
		jaldi=quickly accha=good acha=good sabse=most behtar=better ke_liye=for liye=for mein=in par=on se=from
		ka=of ki=of ke=of ko=to hai=is hain=are kyun=why kaun=who kab=when kahan=where`,
}
